using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>LOG: one log entry; other fields are structured properties.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.LogEntry")]
public sealed record LogEntry : SawmillMessage
{
    /// <summary>Unique per node; the server assigns a sortable one when the sender did not.</summary>
    [Id(0)]
    public required string LogId { get; init; }

    [Id(1)]
    public required Severity LogLevel { get; init; }

    [Id(2)]
    public string Message { get; init; } = "";

    [Id(3)]
    public required string ServiceName { get; init; }

    [Id(4)]
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>How long the call took; typical of WARN.</summary>
    [Id(5)]
    public double? ResponseTimeMs { get; init; }

    /// <summary>The threshold the call went over; typical of WARN.</summary>
    [Id(6)]
    public double? ThresholdLimitMs { get; init; }

    /// <summary>Typical of ERROR and FATAL.</summary>
    [Id(7)]
    public ErrorDetails? ErrorDetails { get; init; }

    [JsonIgnore] // the polymorphic discriminator writes message_type; this would clash with it
    public override string MessageType => MessageTypes.Log;
}
