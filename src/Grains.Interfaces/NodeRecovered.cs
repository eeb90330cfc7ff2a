using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>NODE_RECOVERED: a failed node's heartbeats resumed.</summary>
public sealed record NodeRecovered : SawmillMessage
{
    public required string ServiceName { get; init; }

    public DateTimeOffset? LastHeartbeat { get; init; }

    public DateTimeOffset? DetectedAt { get; init; }

    public required DateTimeOffset RecoveredAt { get; init; }

    public string? Reason { get; init; }

    [JsonIgnore] // the polymorphic discriminator writes message_type; this would clash with it
    public override string MessageType => MessageTypes.NodeRecovered;
}
