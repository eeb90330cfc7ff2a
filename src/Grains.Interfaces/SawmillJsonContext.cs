using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>Source-generated JSON for every wire record: snake_case, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(SawmillMessage))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(IReadOnlyList<SawmillMessage>))]
[JsonSerializable(typeof(Alert))]
[JsonSerializable(typeof(IReadOnlyList<Alert>))]
[JsonSerializable(typeof(AlertNotification))]
[JsonSerializable(typeof(NodeSummary))]
[JsonSerializable(typeof(IReadOnlyList<NodeSummary>))]
[JsonSerializable(typeof(NodeDetails))]
public sealed partial class SawmillJsonContext : JsonSerializerContext;
