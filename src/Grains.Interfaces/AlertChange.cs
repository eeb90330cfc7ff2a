using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>The kinds of alert notifications; webhooks get all but UPDATED (a repeat of an open alert).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertChange>))]
[GenerateSerializer, Alias("Sawmill.AlertChange")]
public enum AlertChange
{
    [JsonStringEnumMemberName("OPENED")] Opened,
    [JsonStringEnumMemberName("UPDATED")] Updated,
    [JsonStringEnumMemberName("ACKNOWLEDGED")] Acknowledged,
    [JsonStringEnumMemberName("RESOLVED")] Resolved,
}
