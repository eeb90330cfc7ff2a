using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>HEARTBEAT: a node is alive; status DOWN is a graceful goodbye.</summary>
public sealed record Heartbeat : SawmillMessage
{
    public NodeStatus Status { get; init; } = NodeStatus.Up;

    public required DateTimeOffset Timestamp { get; init; }

    [JsonIgnore] // the polymorphic discriminator writes message_type; this would clash with it
    public override string MessageType => MessageTypes.Heartbeat;
}
