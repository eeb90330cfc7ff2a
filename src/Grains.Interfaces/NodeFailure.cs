using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>NODE_FAILURE: a node stopped heartbeating.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.NodeFailure")]
public sealed record NodeFailure : SawmillMessage
{
    [Id(0)]
    public required string ServiceName { get; init; }

    [Id(1)]
    public DateTimeOffset? LastHeartbeat { get; init; }

    [Id(2)]
    public required DateTimeOffset DetectedAt { get; init; }

    [Id(3)]
    public required string Reason { get; init; }

    [JsonIgnore] // the polymorphic discriminator writes message_type; this would clash with it
    public override string MessageType => MessageTypes.NodeFailure;
}
