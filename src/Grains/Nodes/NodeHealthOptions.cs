namespace Sawmill.Grains.Nodes;

/// <summary>Liveness settings (section <c>NodeHealth</c>; env <c>NodeHealth__HeartbeatTimeout</c>).</summary>
public sealed class NodeHealthOptions
{
    public const string SectionName = "NodeHealth";

    /// <summary>A node with no heartbeat for this long is declared failed (SPEC: 6 s = 3 missed beats of 2 s).</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Period of the durable reminder that re-checks UP nodes after a restart (the timer's backstop).</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Counters and heartbeat times are written at most this often; status changes are written at once.</summary>
    public TimeSpan StateWriteInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Status changes kept per node.</summary>
    public int HistoryLength { get; set; } = 50;

    /// <summary>ERROR and FATAL entries kept per node for its page.</summary>
    public int RecentErrorCount { get; set; } = 20;
}
