using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>LOG: one log entry; other fields are structured properties.</summary>
public sealed record LogEntry : SawmillMessage
{
    /// <summary>Unique per node; the server assigns a sortable one when the sender did not.</summary>
    public required string LogId { get; init; }

    public required Severity LogLevel { get; init; }

    public string Message { get; init; } = "";

    public required string ServiceName { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>How long the call took; typical of WARN.</summary>
    public double? ResponseTimeMs { get; init; }

    /// <summary>The threshold the call went over; typical of WARN.</summary>
    public double? ThresholdLimitMs { get; init; }

    /// <summary>Typical of ERROR and FATAL.</summary>
    public ErrorDetails? ErrorDetails { get; init; }

    [JsonIgnore] // the polymorphic discriminator writes message_type; this would clash with it
    public override string MessageType => MessageTypes.Log;
}
