using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>NODE_FAILURE: a node stopped heartbeating.</summary>
public sealed record NodeFailure : SawmillMessage
{
    public required string ServiceName { get; init; }

    public DateTimeOffset? LastHeartbeat { get; init; }

    public required DateTimeOffset DetectedAt { get; init; }

    public required string Reason { get; init; }

    [JsonIgnore] // the polymorphic discriminator writes message_type; this would clash with it
    public override string MessageType => MessageTypes.NodeFailure;
}
