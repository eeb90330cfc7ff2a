using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>The <c>error_details</c> object of an ERROR or FATAL entry.</summary>
public sealed record ErrorDetails
{
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>Other fields of the object, kept as sent.</summary>
    // set, not init: the JSON source generator cannot bind extension data through an init accessor (dotnet/runtime#107898).
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}
