using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Streams.Kafka;

/// <summary>Consumer lag read off Kafka itself, so it is the cluster's whichever silo owns a partition: the consumer
/// group's committed offset against the partition's end, and the timestamp of the first message not committed. A
/// background loop refreshes every all_logs partition's answer every <see cref="Period"/>; <see cref="PendingSince"/>
/// only reads it, since node grains ask from their turns, where a network wait would stall the silo's scheduler.</summary>
public sealed class KafkaBacklog(IOptions<KafkaStreamOptions> options, IOptions<StreamPartitionOptions> partitioning, TimeProvider time, ILogger<KafkaBacklog> logger)
    : BackgroundService, IStreamBacklog
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    // An answer older than this is not trusted: the partition counts as lagging, so checks wait rather than guess.
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(2);
    private readonly (DateTimeOffset At, DateTimeOffset? Pending)[] _answers = new (DateTimeOffset, DateTimeOffset?)[partitioning.Value.Partitions];

    public DateTimeOffset? PendingSince(string topic, int partition)
    {
        var now = time.GetUtcNow();
        if (topic != Topics.AllLogs || partition < 0 || partition >= _answers.Length) return null;
        var answer = _answers[partition];
        return now - answer.At > Stale ? now : answer.Pending;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Factory.StartNew(async () =>
    {
        using var probe = new ConsumerBuilder<byte[], byte[]>(options.Value.Apply(new ConsumerConfig
        {
            GroupId = options.Value.ConsumerGroup,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        })).Build();
        var topic = options.Value.Topic(Topics.AllLogs);
        using var timer = new PeriodicTimer(Period, time);
        while (!stoppingToken.IsCancellationRequested)
        {
            for (var p = 0; p < _answers.Length && !stoppingToken.IsCancellationRequested; p++)
            {
                try
                {
                    var pending = Ask(probe, new TopicPartition(topic, new Partition(p)));
                    _answers[p] = (time.GetUtcNow(), pending);
                }
                catch (KafkaException ex)
                {
                    logger.LogDebug("The lag of {Topic}/{Partition} is unknown: {Reason}", topic, p, ex.Error.Reason);
                }
            }
            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }, stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private DateTimeOffset? Ask(IConsumer<byte[], byte[]> probe, TopicPartition partition)
    {
        var committed = probe.Committed([partition], Timeout).Single().Offset;
        var ends = probe.QueryWatermarkOffsets(partition, Timeout);
        var next = committed == Offset.Unset ? ends.Low : committed;
        if (next >= ends.High) return null;
        probe.Assign(new TopicPartitionOffset(partition, next));
        try
        {
            return probe.Consume(Timeout) is { Message: { } message } ? message.Timestamp.UtcDateTime : time.GetUtcNow();
        }
        finally
        {
            probe.Unassign();
        }
    }
}
