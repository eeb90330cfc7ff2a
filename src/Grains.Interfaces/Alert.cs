namespace Sawmill.Grains.Interfaces;

/// <summary>An alert: what fired, where, how often, and where it is in its lifecycle.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.Alert")]
public sealed record Alert
{
    [Id(0)]
    public required string AlertId { get; init; }

    [Id(1)]
    public required AlertRule Rule { get; init; }

    [Id(2)]
    public required AlertSeverity Severity { get; init; }

    [Id(3)]
    public AlertStatus Status { get; init; } = AlertStatus.Open;

    [Id(4)]
    public required string ServiceName { get; init; }

    /// <summary>The node, for node failures and when alerts are grouped by node; null for alerts over a service
    /// (error rate, or errors grouped by service and code: their nodes are in <see cref="Nodes"/>).</summary>
    [Id(5)]
    public string? NodeId { get; init; }

    [Id(6)]
    public string? ErrorCode { get; init; }

    [Id(7)]
    public required string Title { get; init; }

    /// <summary>How many occurrences the alert gathered (deduplication increments it).</summary>
    [Id(8)]
    public long Count { get; init; } = 1;

    [Id(9)]
    public required DateTimeOffset FirstSeen { get; init; }

    [Id(10)]
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>The log entry that last fed the alert, if any.</summary>
    [Id(11)]
    public string? LastLogId { get; init; }

    [Id(12)]
    public DateTimeOffset? AcknowledgedAt { get; init; }

    [Id(13)]
    public string? AcknowledgedBy { get; init; }

    [Id(14)]
    public DateTimeOffset? ResolvedAt { get; init; }

    [Id(15)]
    public string? ResolvedBy { get; init; }

    /// <summary>The nodes that fed the alert, in the order first seen (at most <see cref="MaxNodes"/>).</summary>
    [Id(16)]
    public string[] Nodes { get; init; } = [];

    /// <summary>Occurrences per minute over the <see cref="RateMinutes"/> minutes up to <see cref="LastSeen"/>'s
    /// minute, oldest first: the rate and its sparkline.</summary>
    [Id(17)]
    public int[] PerMinute { get; init; } = [];

    public const int MaxNodes = 10;

    public const int RateMinutes = 30;
}
