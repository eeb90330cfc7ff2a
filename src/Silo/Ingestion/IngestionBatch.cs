using System.Text.Json;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Silo.Ingestion;

/// <summary>The valid records and per-item errors of one request, collected while its body is parsed.</summary>
public sealed class IngestionBatch(MessageValidator validator, DateTimeOffset receivedAt) : IItemSink
{
    public List<SawmillMessage> Accepted { get; } = [];

    public List<ItemError> Rejected { get; } = [];

    public void Item(JsonElement item, int index)
    {
        if (validator.Validate(item, index, receivedAt, Rejected) is { } message) Accepted.Add(message);
    }

    public void Malformed(int index, string error) => Rejected.Add(new ItemError(index, null, error));

    /// <summary>An item a transport's own mapping refuses before validation (a CLEF line without @t).</summary>
    public void Reject(int index, string? field, string error) => Rejected.Add(new ItemError(index, field, error));
}
