using System.Text.Json;
using Sawmill.Grains;
using Sawmill.Grains.Interfaces;
using Sawmill.Silo.Security;

namespace Sawmill.Silo.Ingestion;

/// <summary>The valid records and per-item errors of one request, collected while its body is parsed. A caller whose
/// key is pinned to a service has every item naming another service refused. Each refused item is counted here, as it
/// is refused (sawmill.ingest.items, outcome rejected), whatever becomes of the request.</summary>
public sealed class IngestionBatch(MessageValidator validator, DateTimeOffset receivedAt, IngestTransport transport, IngestCaller? caller = null) : IItemSink
{
    public IngestTransport Transport => transport;

    /// <summary>The key the request came with, if any.</summary>
    public IngestCaller? Caller => caller;

    public List<SawmillMessage> Accepted { get; } = [];

    public List<ItemError> Rejected { get; } = [];

    public void Item(JsonElement item, int index)
    {
        if (validator.Validate(item, index, receivedAt, Rejected) is not { } message)
        {
            CountRejected();
            return;
        }
        if (caller?.Service is { } pinned && ServiceOf(message) is { } service && !string.Equals(service, pinned, StringComparison.Ordinal))
        {
            Reject(index, "service_name", $"This API key may only write as service '{pinned}'; the item names '{service}'.");
            return;
        }
        Accepted.Add(message);
    }

    private static string? ServiceOf(SawmillMessage message) => message switch
    {
        LogEntry log => log.ServiceName,
        Registration registration => registration.ServiceName,
        _ => null,
    };

    public void Malformed(int index, string error) => Reject(index, null, error);

    /// <summary>An item a transport's own mapping refuses before validation (a CLEF line without @t).</summary>
    public void Reject(int index, string? field, string error)
    {
        Rejected.Add(new ItemError(index, field, error));
        CountRejected();
    }

    // One per item: the validator may give an item several errors.
    private void CountRejected() => SawmillMetrics.IngestItems.Add(1, new("transport", transport.Name), new("outcome", "rejected"));
}
