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

    /// <summary>Null for rules over a whole service (error rate).</summary>
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
}
