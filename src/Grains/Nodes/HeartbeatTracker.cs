using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Nodes;

/// <summary>The liveness rules of one node, free of any runtime: beats, goodbyes, and the exactly-once failure decision.</summary>
/// <param name="state">The persisted liveness it updates.</param>
/// <param name="timeout">How long without a heartbeat means failed.</param>
/// <param name="watchingSince">When this tracker started watching (an activation): beats missed before it, for instance
/// while the silo was down, are not held against the node until a full timeout has passed since.</param>
public sealed class HeartbeatTracker(LivenessState state, TimeSpan timeout, DateTimeOffset watchingSince)
{
    public LivenessState State => state;

    /// <summary>When the node will be declared failed if no heartbeat arrives; null when it is not being watched.</summary>
    public DateTimeOffset? DueAt => state is { Status: NodeStatus.Up, Watched: true, LastHeartbeat: { } beat }
        ? (beat > watchingSince ? beat : watchingSince) + timeout
        : null;

    /// <summary>A heartbeat (or a registration) saying UP.</summary>
    public LivenessChange Beat(DateTimeOffset now)
    {
        state.LastHeartbeat = now;
        state.Watched = true;
        if (state.Status == NodeStatus.Up) return LivenessChange.None;
        state.Status = NodeStatus.Up;
        var change = state.Failed ? LivenessChange.Recovered : LivenessChange.CameUp;
        state.Failed = false;
        return change;
    }

    /// <summary>A heartbeat (or a registration) saying DOWN: a graceful goodbye.</summary>
    public LivenessChange Goodbye(DateTimeOffset now)
    {
        state.LastHeartbeat = now;
        state.Watched = true;
        state.Failed = false;
        if (state.Status == NodeStatus.Down) return LivenessChange.None;
        state.Status = NodeStatus.Down;
        return LivenessChange.WentDown;
    }

    /// <summary>The timeout has passed (what <see cref="Check"/> would act on).</summary>
    public bool IsDue(DateTimeOffset now) => DueAt is { } due && now >= due;

    /// <summary>Declares the node failed if its timeout has passed; true only the first time.</summary>
    public LivenessChange Check(DateTimeOffset now)
    {
        if (DueAt is not { } due || now < due) return LivenessChange.None;
        state.Status = NodeStatus.Down;
        state.Failed = true;
        state.FailedAt = now;
        return LivenessChange.Failed;
    }
}
