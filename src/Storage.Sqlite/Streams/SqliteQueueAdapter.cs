using Orleans.Runtime;
using Orleans.Streams;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Storage.Sqlite.Streams;

/// <summary>The producer side of one topic: a stream batch becomes one row of the stream log, in its stream's queue.</summary>
internal sealed class SqliteQueueAdapter(string topic, SqliteStreamLog log, IStreamQueueMapper mapper) : IQueueAdapter
{
    public string Name => topic;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        var messages = SawmillBatch.Messages(topic, events);
        if (messages.Length == 0) return;
        await log.AppendAsync(topic, (int)mapper.GetQueueForStream(streamId).GetNumericId(), streamId, messages, CancellationToken.None);
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => new SqliteQueueAdapterReceiver(log, log.Queue(topic, (int)queueId.GetNumericId()));
}
