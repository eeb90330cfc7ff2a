using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Streams;

namespace Sawmill.Grains.Streams;

/// <summary>Queue n holds the stream of partition n (the key of an all_logs stream), so a partition's lag is its queue's;
/// other keys hash onto the ring. The ring is Orleans' own, which its queue balancer spreads over the silos.</summary>
public sealed class PartitionQueueMapper : IConsistentRingStreamQueueMapper
{
    private readonly HashRingBasedStreamQueueMapper _ring;
    private readonly QueueId[] _queues;

    public PartitionQueueMapper(string topic, int queues)
    {
        _ring = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = queues }, topic);
        _queues = _ring.GetAllQueues().OrderBy(q => q.GetNumericId()).ToArray();
    }

    public IEnumerable<QueueId> GetAllQueues() => _queues;

    public IEnumerable<QueueId> GetQueuesForRange(IRingRange range) => _ring.GetQueuesForRange(range);

    public QueueId GetQueueForStream(StreamId streamId)
        => SawmillStreams.PartitionOf(streamId) is var partition && partition >= 0 && partition < _queues.Length
            ? _queues[partition]
            : _ring.GetQueueForStream(streamId);
}
