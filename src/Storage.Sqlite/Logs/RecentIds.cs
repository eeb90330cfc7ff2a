namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The partitions of the most recent (node_id, log_id) keys, as 64-bit hashes, so that a repeat whose
/// timestamp puts it in another partition is still recognised (checked exactly there). Bounded: the oldest key goes
/// first. A retry normally repeats the timestamp too, and then the partition's own UNIQUE index catches it.</summary>
internal sealed class RecentIds(int capacity)
{
    private readonly long[] _ring = new long[capacity];
    private readonly Dictionary<long, (long Partition, int Slot)> _partitions = new(capacity);
    private int _next;
    private int _count;

    public static long Key(string nodeId, string logId) =>
        ((long)HashCode.Combine(nodeId, logId) << 32) | (uint)HashCode.Combine(logId, nodeId, 0x5a17);

    public bool TryGetPartition(long key, out long partition)
    {
        var found = _partitions.TryGetValue(key, out var entry);
        partition = entry.Partition;
        return found;
    }

    public void Set(long key, long partition)
    {
        if (_count == _ring.Length)
        {
            var evicted = _ring[_next];
            if (_partitions.TryGetValue(evicted, out var entry) && entry.Slot == _next) _partitions.Remove(evicted);
        }
        else
        {
            _count++;
        }
        _ring[_next] = key;
        _partitions[key] = (partition, _next);
        _next = (_next + 1) % _ring.Length;
    }
}
