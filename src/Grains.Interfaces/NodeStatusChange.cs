namespace Sawmill.Grains.Interfaces;

/// <summary>One change of a node's status, and why.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.NodeStatusChange")]
public sealed record NodeStatusChange(DateTimeOffset At, NodeStatus Status, string Reason);
