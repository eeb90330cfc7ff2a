using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>How urgent an alert is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertSeverity>))]
[GenerateSerializer, Alias("Sawmill.AlertSeverity")]
public enum AlertSeverity
{
    [JsonStringEnumMemberName("WARNING")] Warning,
    [JsonStringEnumMemberName("ERROR")] Error,
    [JsonStringEnumMemberName("CRITICAL")] Critical,
}
