using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Nodes;

/// <summary>The persisted part of a node's liveness, which <see cref="HeartbeatTracker"/> works on.</summary>
public sealed class LivenessState
{
    public NodeStatus Status { get; set; } = NodeStatus.Up;

    /// <summary>When the silo last received a heartbeat (or registration) from the node.</summary>
    public DateTimeOffset? LastHeartbeat { get; set; }

    /// <summary>DOWN because heartbeats stopped (not a graceful goodbye): the next beat is a recovery.</summary>
    public bool Failed { get; set; }

    /// <summary>When the failure was detected.</summary>
    public DateTimeOffset? FailedAt { get; set; }

    /// <summary>Liveness is watched once the node has registered or beaten; a node only known from its logs is not.</summary>
    public bool Watched { get; set; }
}
