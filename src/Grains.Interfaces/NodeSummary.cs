using System.Text.Json;

namespace Sawmill.Grains.Interfaces;

/// <summary>What the node list shows of a node.</summary>
public sealed record NodeSummary
{
    public required string NodeId { get; init; }

    public required string ServiceName { get; init; }

    public NodeStatus Status { get; init; }

    /// <summary>When the silo last received a heartbeat from the node.</summary>
    public DateTimeOffset? LastHeartbeat { get; init; }

    public DateTimeOffset? RegisteredAt { get; init; }

    /// <summary>When the node last sent anything.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>LOG entries received per level name (DEBUG ... FATAL).</summary>
    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();

    /// <summary>The node's latest ERROR or FATAL entry.</summary>
    public RecentError? LastError { get; init; }

    /// <summary>The extra fields of its REGISTRATION (host, version, region ...).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }
}
