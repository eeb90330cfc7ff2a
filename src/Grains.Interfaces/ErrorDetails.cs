using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>The <c>error_details</c> object of an ERROR or FATAL entry.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.ErrorDetails")]
public sealed record ErrorDetails
{
    [Id(0)]
    public string? ErrorCode { get; init; }

    [Id(1)]
    public string? ErrorMessage { get; init; }

    /// <summary>Other fields of the object, kept as sent.</summary>
    // set, not init: the JSON source generator cannot bind extension data through an init accessor (dotnet/runtime#107898).
    [JsonExtensionData]
    [Id(2)]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}
