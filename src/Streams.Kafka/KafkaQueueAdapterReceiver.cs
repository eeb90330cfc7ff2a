using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;

namespace Sawmill.Streams.Kafka;

/// <summary>Reads one partition of a topic for Orleans' pulling agent, from the consumer group's committed offset. The
/// partition is assigned by Orleans' queue balancer (not by a Kafka group rebalance), and an offset is committed only
/// once Orleans' cache says every consumer has the message; handing the queue to another silo commits first.</summary>
internal sealed class KafkaQueueAdapterReceiver(string topic, int partition, KafkaStreamOptions options, Serializer serializer, ILogger logger) : IQueueAdapterReceiver
{
    private readonly TopicPartition _partition = new(options.Topic(topic), new Partition(partition));
    private IConsumer<byte[], byte[]>? _consumer;
    private long _committed = -1;

    public Task Initialize(TimeSpan timeout) => Task.Run(() =>
    {
        var consumer = new ConsumerBuilder<byte[], byte[]>(options.Apply(new ConsumerConfig
        {
            GroupId = options.ConsumerGroup,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = (int)options.SessionTimeout.TotalMilliseconds,
            // The pulling agent polls; keep librdkafka's prefetch modest so a silo does not hold a whole backlog.
            QueuedMaxMessagesKbytes = 16 * 1024,
        }))
            .SetErrorHandler((_, error) => logger.LogWarning("Kafka consumer of {Topic}/{Partition}: {Reason} ({Code})", _partition.Topic, partition, error.Reason, error.Code))
            .SetLogHandler((_, message) => logger.Log(KafkaPublisher.Level(message.Level), "librdkafka {Facility}: {Message}", message.Facility, message.Message))
            .Build();
        var committed = consumer.Committed([_partition], timeout).Single().Offset;
        _committed = committed.Value;
        consumer.Assign(new TopicPartitionOffset(_partition, committed == Offset.Unset ? Offset.Beginning : committed));
        _consumer = consumer;
        logger.LogInformation("Reading {Topic} partition {Partition} from offset {Offset}", _partition.Topic, partition, committed == Offset.Unset ? "the beginning" : committed.Value);
    });

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        var batches = new List<IBatchContainer>();
        if (_consumer is not { } consumer) return Task.FromResult<IList<IBatchContainer>>(batches);
        var limit = maxCount < 0 ? 1024 : Math.Min(maxCount, 1024);
        // Consume(0) only takes what librdkafka has already fetched: the agent's turn never waits on the network.
        while (batches.Count < limit && consumer.Consume(TimeSpan.Zero) is { } result)
        {
            if (result.IsPartitionEOF || result.Message is not { Value: { } value }) continue;
            try
            {
                var payload = serializer.Deserialize<KafkaPayload>(value) ?? throw new InvalidDataException("an empty payload");
                batches.Add(new KafkaBatchContainer
                {
                    StreamId = payload.StreamId,
                    Token = KafkaBatchContainer.TokenOf(result.Offset.Value),
                    Messages = payload.Messages,
                    EnqueuedAt = result.Message.Timestamp.UtcDateTime,
                });
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Not ours, or written by an incompatible version: skipped (its offset is committed with the next ones).
                logger.LogError(ex, "Skipping {Topic} partition {Partition} offset {Offset}: not a Sawmill batch", _partition.Topic, partition, result.Offset.Value);
            }
        }
        return Task.FromResult<IList<IBatchContainer>>(batches);
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        long last = -1;
        foreach (var message in messages) last = Math.Max(last, ((KafkaBatchContainer)message).Offset);
        return last < 0 ? Task.CompletedTask : Task.Run(() => Commit(last + 1));
    }

    public Task Shutdown(TimeSpan timeout) => Task.Run(() =>
    {
        if (Interlocked.Exchange(ref _consumer, null) is not { } consumer) return;
        // Delivered offsets were committed as they were confirmed; the rest is read again by the next owner.
        consumer.Close();
        consumer.Dispose();
    });

    private void Commit(long next)
    {
        if (Volatile.Read(ref _consumer) is not { } consumer || next <= Interlocked.Read(ref _committed)) return;
        try
        {
            consumer.Commit([new TopicPartitionOffset(_partition, new Offset(next))]);
            Interlocked.Exchange(ref _committed, next);
        }
        catch (KafkaException ex)
        {
            // The next delivery commits a later offset; until then a restart reads these again (at least once).
            logger.LogWarning("Committing {Topic} partition {Partition} at {Offset} failed: {Reason}", _partition.Topic, partition, next, ex.Error.Reason);
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
