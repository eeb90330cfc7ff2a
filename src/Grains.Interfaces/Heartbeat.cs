using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>HEARTBEAT: a node is alive; status DOWN is a graceful goodbye.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.Heartbeat")]
public sealed record Heartbeat : SawmillMessage
{
    [Id(0)]
    public NodeStatus Status { get; init; } = NodeStatus.Up;

    [Id(1)]
    public required DateTimeOffset Timestamp { get; init; }

    [JsonIgnore] // the polymorphic discriminator writes message_type; this would clash with it
    public override string MessageType => MessageTypes.Heartbeat;
}
