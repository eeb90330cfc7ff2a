using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>OPEN, then ACKNOWLEDGED by a person, then RESOLVED (by a person, or by the node's recovery).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertStatus>))]
[GenerateSerializer, Alias("Sawmill.AlertStatus")]
public enum AlertStatus
{
    [JsonStringEnumMemberName("OPEN")] Open,
    [JsonStringEnumMemberName("ACKNOWLEDGED")] Acknowledged,
    [JsonStringEnumMemberName("RESOLVED")] Resolved,
}
