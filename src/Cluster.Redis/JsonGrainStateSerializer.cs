using System.Text.Json;
using Orleans.Storage;

namespace Sawmill.Cluster.Redis;

/// <summary>Grain state as System.Text.Json (web defaults), the shape the embedded SQLite grain storage writes: no type
/// names in the stored text, so no type allow-list to keep and nothing a stored value can make the silo instantiate.</summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, Json));

    public T Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span, Json)!;
}
