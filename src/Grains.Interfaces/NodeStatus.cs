using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>Whether a node is alive.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NodeStatus>))]
[GenerateSerializer, Alias("Sawmill.NodeStatus")]
public enum NodeStatus
{
    [JsonStringEnumMemberName("UP")] Up,
    [JsonStringEnumMemberName("DOWN")] Down,
}
