using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>Which rule opened an alert.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertRule>))]
public enum AlertRule
{
    [JsonStringEnumMemberName("FATAL")] Fatal,
    [JsonStringEnumMemberName("ERROR")] Error,
    [JsonStringEnumMemberName("NODE_FAILURE")] NodeFailure,
    [JsonStringEnumMemberName("ERROR_RATE")] ErrorRate,
}
