using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>A message on the wire or on a topic; <c>message_type</c> tells which record it is.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.SawmillMessage")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "message_type", IgnoreUnrecognizedTypeDiscriminators = false)]
[JsonDerivedType(typeof(Registration), MessageTypes.Registration)]
[JsonDerivedType(typeof(LogEntry), MessageTypes.Log)]
[JsonDerivedType(typeof(Heartbeat), MessageTypes.Heartbeat)]
[JsonDerivedType(typeof(NodeFailure), MessageTypes.NodeFailure)]
[JsonDerivedType(typeof(NodeRecovered), MessageTypes.NodeRecovered)]
public abstract record SawmillMessage
{
    /// <summary>The node the message is about; the topic key.</summary>
    [Id(0)]
    public required string NodeId { get; init; }

    /// <summary>Fields the contract does not name, kept as they were sent.</summary>
    // set, not init: the JSON source generator cannot bind extension data through an init accessor (dotnet/runtime#107898).
    [JsonExtensionData]
    [Id(1)]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>The wire value of <c>message_type</c>.</summary>
    [JsonIgnore]
    public abstract string MessageType { get; }
}
