using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>NODE_RECOVERED: a failed node's heartbeats resumed.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.NodeRecovered")]
public sealed record NodeRecovered : SawmillMessage
{
    [Id(0)]
    public required string ServiceName { get; init; }

    [Id(1)]
    public DateTimeOffset? LastHeartbeat { get; init; }

    [Id(2)]
    public DateTimeOffset? DetectedAt { get; init; }

    [Id(3)]
    public required DateTimeOffset RecoveredAt { get; init; }

    [Id(4)]
    public string? Reason { get; init; }

    [JsonIgnore] // the polymorphic discriminator writes message_type; this would clash with it
    public override string MessageType => MessageTypes.NodeRecovered;
}
