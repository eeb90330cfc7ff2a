using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>REGISTRATION: a node announces itself; other fields are node metadata.</summary>
public sealed record Registration : SawmillMessage
{
    /// <summary>Assigned by the server: registrations are stored as entries and need an id.</summary>
    public string? LogId { get; init; }

    public required string ServiceName { get; init; }

    public NodeStatus Status { get; init; } = NodeStatus.Up;

    public required DateTimeOffset Timestamp { get; init; }

    [JsonIgnore] // the polymorphic discriminator writes message_type; this would clash with it
    public override string MessageType => MessageTypes.Registration;
}
