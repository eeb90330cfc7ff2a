using Orleans.Streams;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Indexing;

/// <summary>Writes the LOG and REGISTRATION messages of one all_logs partition to the log store; heartbeats are skipped.
/// A redelivered batch is harmless: the store keeps one entry per (node_id, log_id).</summary>
[ImplicitStreamSubscription(Topics.AllLogs)]
public sealed class IndexerGrain(ILogStore store) : StreamConsumerGrain, IIndexerGrain
{
    private long _indexed;

    public override async Task OnNextAsync(IList<SequentialItem<SawmillMessage>> items)
    {
        var entries = new List<SawmillMessage>(items.Count);
        foreach (var item in items)
        {
            if (item.Item is LogEntry or Registration) entries.Add(item.Item);
        }
        if (entries.Count == 0) return;
        // Throws only when the store itself fails (not for one bad entry, which it quarantines): then the delivery is retried.
        await store.AppendAsync(entries);
        _indexed += entries.Count;
    }

    public ValueTask<long> GetIndexedCountAsync() => ValueTask.FromResult(_indexed);
}
