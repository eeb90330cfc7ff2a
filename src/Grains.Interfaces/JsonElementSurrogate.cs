using System.Text.Json;

namespace Sawmill.Grains.Interfaces;

/// <summary>How Orleans carries a <see cref="JsonElement"/> (extra fields, metadata): its raw JSON text.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.Json")]
public readonly record struct JsonElementSurrogate([property: Id(0)] string Json);

/// <summary>Converts <see cref="JsonElement"/> to and from its surrogate for the Orleans serializer.</summary>
[RegisterConverter]
public sealed class JsonElementConverter : IConverter<JsonElement, JsonElementSurrogate>
{
    // One parse into an element that owns its document (no parse-then-clone).
    public JsonElement ConvertFromSurrogate(in JsonElementSurrogate surrogate) => JsonElement.Parse(surrogate.Json);

    public JsonElementSurrogate ConvertToSurrogate(in JsonElement value) => new(value.GetRawText());
}

/// <summary>A <see cref="JsonElement"/> owns a private copy of its document (ingestion clones it), so copies within a
/// silo share it instead of reparsing it.</summary>
[RegisterCopier]
public sealed class JsonElementCopier : Orleans.Serialization.Cloning.ShallowCopier<JsonElement>;
