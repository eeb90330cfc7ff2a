using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Streams.Kafka;

/// <summary>An external sink (Elasticsearch) on all_logs in a consumer group of its own, <c>{ConsumerGroup}-{name}</c>:
/// the silos share its partitions, each write completes before its offsets are committed (at-least-once; the sink's
/// writes are idempotent), and a dead sink holds back only this group, never Sawmill's indexing or liveness.
/// A rebalance never finds consumed, uncommitted messages: each batch is written and committed before the next poll.</summary>
public sealed class KafkaSinkConsumer(
    string name,
    Func<IReadOnlyList<SawmillMessage>, CancellationToken, Task> write,
    IOptions<KafkaStreamOptions> options,
    Serializer serializer,
    ILogger<KafkaSinkConsumer> logger) : BackgroundService
{
    private const int MaxBatchMessages = 500;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    /// <summary>The group's id on the brokers.</summary>
    public string GroupId => $"{options.Value.ConsumerGroup}-{name}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        using var consumer = new ConsumerBuilder<byte[], byte[]>(settings.Apply(new ConsumerConfig
        {
            GroupId = GroupId,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = (int)settings.SessionTimeout.TotalMilliseconds,
        })).Build();
        consumer.Subscribe(settings.Topic(Topics.AllLogs));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var batch = Poll(consumer, stoppingToken);
                if (batch.Offsets.Count == 0) continue;
                if (batch.Messages.Count > 0) await WriteUntilTakenAsync(batch.Messages, stoppingToken);
                Commit(consumer, batch.Offsets);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was consumed but not written stays uncommitted and is read again.
        }
        finally
        {
            consumer.Close();
        }
    }

    // What the brokers have now, up to a batch: the first wait is short, the rest do not wait.
    private (List<SawmillMessage> Messages, Dictionary<TopicPartition, Offset> Offsets) Poll(IConsumer<byte[], byte[]> consumer, CancellationToken stoppingToken)
    {
        var messages = new List<SawmillMessage>();
        var offsets = new Dictionary<TopicPartition, Offset>();
        var wait = TimeSpan.FromMilliseconds(250);
        for (var count = 0; count < MaxBatchMessages && !stoppingToken.IsCancellationRequested; count++)
        {
            if (consumer.Consume(wait) is not { } result) break;
            wait = TimeSpan.Zero;
            offsets[result.TopicPartition] = result.Offset + 1;
            try
            {
                if (result.Message.Value is { } value && serializer.Deserialize<KafkaPayload>(value) is { } payload) messages.AddRange(payload.Messages);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogError("Sink {Sink} skipped all_logs message {Partition}@{Offset}, which is not a Sawmill payload: {Reason}",
                    name, result.Partition.Value, result.Offset.Value, ex.Message);
            }
        }
        return (messages, offsets);
    }

    private async Task WriteUntilTakenAsync(List<SawmillMessage> messages, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await write(messages, stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Sink {Sink} could not write {Count} messages: {Reason}; retrying in {Delay}", name, messages.Count, ex.Message, delay);
            }
            await Task.Delay(delay, stoppingToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    private void Commit(IConsumer<byte[], byte[]> consumer, Dictionary<TopicPartition, Offset> offsets)
    {
        try
        {
            consumer.Commit(offsets.Select(o => new TopicPartitionOffset(o.Key, o.Value)));
        }
        catch (KafkaException ex)
        {
            // Partitions revoked while the write ran (a long outage outlasts the poll interval): their next owner reads
            // them from the last commit, and the sink's idempotent writes absorb the repeat.
            logger.LogWarning("Sink {Sink} could not commit its offsets: {Reason}; the messages are read again", name, ex.Error.Reason);
        }
    }
}
