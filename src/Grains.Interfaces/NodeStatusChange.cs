namespace Sawmill.Grains.Interfaces;

/// <summary>One change of a node's status, and why.</summary>
public sealed record NodeStatusChange(DateTimeOffset At, NodeStatus Status, string Reason);
