using System.Text.Json;

namespace Sawmill.Grains.Interfaces;

/// <summary>What the node list shows of a node.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.NodeSummary")]
public sealed record NodeSummary
{
    [Id(0)]
    public required string NodeId { get; init; }

    [Id(1)]
    public required string ServiceName { get; init; }

    [Id(2)]
    public NodeStatus Status { get; init; }

    /// <summary>When the silo last received a heartbeat from the node.</summary>
    [Id(3)]
    public DateTimeOffset? LastHeartbeat { get; init; }

    [Id(4)]
    public DateTimeOffset? RegisteredAt { get; init; }

    /// <summary>False for a node known only from its logs: it never registered nor sent a heartbeat, so nothing tells
    /// whether it is alive and it is never flagged failed. Its status stays the default UP; show it as unwatched.</summary>
    public bool Watched => LastHeartbeat is not null;

    /// <summary>When the node last sent anything.</summary>
    [Id(5)]
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>LOG entries received per level name (DEBUG ... FATAL).</summary>
    [Id(6)]
    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();

    /// <summary>The node's latest ERROR or FATAL entry.</summary>
    [Id(7)]
    public RecentError? LastError { get; init; }

    /// <summary>The extra fields of its REGISTRATION (host, version, region ...).</summary>
    [Id(8)]
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }
}
