using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>Which rule opened an alert.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertRule>))]
[GenerateSerializer, Alias("Sawmill.AlertRule")]
public enum AlertRule
{
    [JsonStringEnumMemberName("FATAL")] Fatal,
    [JsonStringEnumMemberName("ERROR")] Error,
    [JsonStringEnumMemberName("NODE_FAILURE")] NodeFailure,
    [JsonStringEnumMemberName("ERROR_RATE")] ErrorRate,
}
