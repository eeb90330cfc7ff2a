using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>Source-generated JSON for every wire record: snake_case, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(SawmillMessage))]
[JsonSerializable(typeof(IReadOnlyList<SawmillMessage>))]
public sealed partial class SawmillJsonContext : JsonSerializerContext;
