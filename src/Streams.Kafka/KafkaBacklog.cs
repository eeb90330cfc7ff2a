using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Streams;

namespace Sawmill.Streams.Kafka;

/// <summary>Consumer lag read off Kafka itself, so it is the cluster's whichever silo owns a partition: the consumer
/// group's committed offset against the partition's end, and the timestamp of the first message not committed.
/// Asked only when a node is about to be declared failed; answers are kept for a short while.</summary>
public sealed class KafkaBacklog : IStreamBacklog, IDisposable
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly KafkaStreamOptions _options;
    private readonly TimeProvider _time;
    private readonly Lazy<IConsumer<byte[], byte[]>> _probe;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string, int), (DateTimeOffset At, DateTimeOffset? Pending)> _answers = [];

    public KafkaBacklog(IOptions<KafkaStreamOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _probe = new(() => new ConsumerBuilder<byte[], byte[]>(_options.Apply(new ConsumerConfig
        {
            GroupId = _options.ConsumerGroup,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        })).Build());
    }

    public DateTimeOffset? PendingSince(string topic, int partition)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_answers.TryGetValue((topic, partition), out var answer) && now - answer.At < Fresh) return answer.Pending;
            DateTimeOffset? pending;
            try
            {
                pending = Ask(new TopicPartition(_options.Topic(topic), new Partition(partition)));
            }
            catch (KafkaException)
            {
                // Kafka cannot say: treat the partition as lagging since now, so the check is put off, not decided blind.
                pending = now;
            }
            _answers[(topic, partition)] = (now, pending);
            return pending;
        }
    }

    private DateTimeOffset? Ask(TopicPartition partition)
    {
        var probe = _probe.Value;
        var committed = probe.Committed([partition], Timeout).Single().Offset;
        var ends = probe.QueryWatermarkOffsets(partition, Timeout);
        var next = committed == Offset.Unset ? ends.Low : committed;
        if (next >= ends.High) return null;
        probe.Assign(new TopicPartitionOffset(partition, next));
        try
        {
            return probe.Consume(Timeout) is { Message: { } message } ? message.Timestamp.UtcDateTime : _time.GetUtcNow();
        }
        finally
        {
            probe.Unassign();
        }
    }

    public void Dispose()
    {
        if (_probe.IsValueCreated) _probe.Value.Dispose();
    }
}
