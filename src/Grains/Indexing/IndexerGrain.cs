using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Runtime;
using Sawmill.Grains.Storage;

namespace Sawmill.Grains.Indexing;

/// <summary>Writes the LOG and REGISTRATION messages of one all_logs partition to the log store; heartbeats are skipped.
/// It is the durable sink of the embedded mode: a publish is acknowledged once this grain's batch is committed.</summary>
[ImplicitStreamSubscription(Topics.AllLogs, Routing = StreamRouting.ByPartition, IsDurableSink = true)]
public sealed class IndexerGrain(ILogStore store) : Grain, IIndexerGrain
{
    private long _indexed;

    public async ValueTask OnNextBatchAsync(TopicBatch batch)
    {
        var entries = new List<SawmillMessage>(batch.Messages.Count);
        foreach (var message in batch.Messages)
        {
            if (message.Value is LogEntry or Registration) entries.Add(message.Value);
        }
        if (entries.Count == 0) return;
        await store.AppendAsync(entries);
        _indexed += entries.Count;
    }

    public ValueTask<long> GetIndexedCountAsync() => ValueTask.FromResult(_indexed);
}
