namespace Sawmill.Grains.Interfaces;

/// <summary>A node with its status changes (newest first) and its latest ERROR and FATAL entries.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.NodeDetails")]
public sealed record NodeDetails(NodeSummary Node, IReadOnlyList<NodeStatusChange> History, IReadOnlyList<RecentError> RecentErrors);
