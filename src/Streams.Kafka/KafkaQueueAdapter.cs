using System.Text;
using Confluent.Kafka;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Streams.Kafka;

/// <summary>The producer side of one topic: a stream batch becomes one Kafka message in the partition of its queue,
/// keyed by the stream's key; the call completes once Kafka acknowledged it.</summary>
internal sealed class KafkaQueueAdapter(string topic, KafkaStreamOptions options, KafkaPublisher publisher, Serializer serializer,
    IStreamQueueMapper mapper, Func<QueueId, IQueueAdapterReceiver> receivers) : IQueueAdapter
{
    public string Name => topic;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        var messages = SawmillBatch.Messages(topic, events);
        if (messages.Length == 0) return;
        var partition = (int)mapper.GetQueueForStream(streamId).GetNumericId();
        try
        {
            await publisher.ProduceAsync(options.Topic(topic), partition, Encoding.UTF8.GetBytes(streamId.GetKeyAsString()),
                serializer.SerializeToArray(new KafkaPayload(streamId, messages)), CancellationToken.None);
        }
        catch (KafkaException ex)
        {
            throw new StreamUnavailableException($"Kafka did not acknowledge {topic} partition {partition}: {ex.Error.Reason}", ex);
        }
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => receivers(queueId);
}
