using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>REGISTRATION: a node announces itself; other fields are node metadata.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.Registration")]
public sealed record Registration : SawmillMessage
{
    /// <summary>Assigned by the server: registrations are stored as entries and need an id.</summary>
    [Id(0)]
    public string? LogId { get; init; }

    [Id(1)]
    public required string ServiceName { get; init; }

    [Id(2)]
    public NodeStatus Status { get; init; } = NodeStatus.Up;

    [Id(3)]
    public required DateTimeOffset Timestamp { get; init; }

    [JsonIgnore] // the polymorphic discriminator writes message_type; this would clash with it
    public override string MessageType => MessageTypes.Registration;
}
