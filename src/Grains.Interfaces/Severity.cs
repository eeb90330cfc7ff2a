using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>The level of a log entry, lowest first, so levels compare by severity.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
[GenerateSerializer, Alias("Sawmill.Severity")]
public enum Severity
{
    [JsonStringEnumMemberName("DEBUG")] Debug = 0,
    [JsonStringEnumMemberName("INFO")] Info = 1,
    [JsonStringEnumMemberName("WARN")] Warn = 2,
    [JsonStringEnumMemberName("ERROR")] Error = 3,
    [JsonStringEnumMemberName("FATAL")] Fatal = 4,
}
