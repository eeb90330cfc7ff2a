using Orleans.Streams;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Indexing;

/// <summary>Writes the LOG and REGISTRATION messages of one all_logs partition to the log store; heartbeats are skipped.
/// A redelivered batch is harmless: the store keeps one entry per (node_id, log_id). A failed write is delivered again
/// until the store takes it (<see cref="PullingAgentPolicy.HoldUntilDelivered"/>).</summary>
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
        try
        {
            await store.AppendAsync(entries);
        }
        catch
        {
            // Only when the store itself fails (it quarantines a bad entry): the delivery is retried until it succeeds.
            SawmillMetrics.IndexWriteFailures.Add(1);
            throw;
        }
        _indexed += entries.Count;
        SawmillMetrics.EntriesIndexed.Add(entries.Count);
    }

    public ValueTask<long> GetIndexedCountAsync() => ValueTask.FromResult(_indexed);
}
