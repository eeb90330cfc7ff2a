namespace Sawmill.Grains.Interfaces;

/// <summary>An alert: what fired, where, how often, and where it is in its lifecycle.</summary>
public sealed record Alert
{
    public required string AlertId { get; init; }

    public required AlertRule Rule { get; init; }

    public required AlertSeverity Severity { get; init; }

    public AlertStatus Status { get; init; } = AlertStatus.Open;

    public required string ServiceName { get; init; }

    /// <summary>Null for rules over a whole service (error rate).</summary>
    public string? NodeId { get; init; }

    public string? ErrorCode { get; init; }

    public required string Title { get; init; }

    /// <summary>How many occurrences the alert gathered (deduplication increments it).</summary>
    public long Count { get; init; } = 1;

    public required DateTimeOffset FirstSeen { get; init; }

    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>The log entry that last fed the alert, if any.</summary>
    public string? LastLogId { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public string? ResolvedBy { get; init; }
}
