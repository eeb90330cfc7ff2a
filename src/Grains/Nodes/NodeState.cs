using System.Text.Json;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Nodes;

/// <summary>The persisted state of a <see cref="NodeGrain"/>.</summary>
public sealed class NodeState
{
    /// <summary>False until the node's first message.</summary>
    public bool Known { get; set; }

    public string ServiceName { get; set; } = "";

    public Dictionary<string, JsonElement>? Metadata { get; set; }

    public DateTimeOffset? RegisteredAt { get; set; }

    public DateTimeOffset? LastSeen { get; set; }

    public LivenessState Liveness { get; set; } = new();

    public Dictionary<Severity, long> Counts { get; set; } = [];

    /// <summary>Newest first, bounded by <see cref="NodeHealthOptions.HistoryLength"/>.</summary>
    public List<NodeStatusChange> History { get; set; } = [];

    /// <summary>Newest first, bounded by <see cref="NodeHealthOptions.RecentErrorCount"/>.</summary>
    public List<RecentError> RecentErrors { get; set; } = [];

    /// <summary>The stream sequence number of the last all_logs batch applied (redeliveries at or below it are skipped).</summary>
    public long LastSequence { get; set; }

    public NodeSummary ToSummary(string nodeId) => new()
    {
        NodeId = nodeId,
        ServiceName = ServiceName,
        Status = Liveness.Status,
        LastHeartbeat = Liveness.LastHeartbeat,
        RegisteredAt = RegisteredAt,
        LastSeen = LastSeen,
        Counts = Counts.ToDictionary(c => c.Key.Name(), c => c.Value),
        LastError = RecentErrors.Count > 0 ? RecentErrors[0] : null,
        Metadata = Metadata,
    };
}
