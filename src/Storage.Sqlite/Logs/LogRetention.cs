namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>Which partitions retention drops: those wholly older than the retention age, then the oldest while the
/// partitions take more than the size limit; the newest partition always stays.</summary>
internal static class LogRetention
{
    public static List<(LogPartition Partition, string Reason)> Select(
        IReadOnlyList<LogPartition> newestFirst, long nowMicros, TimeSpan retention, long? maxSize, Func<LogPartition, long> sizeOf)
    {
        var drop = new List<(LogPartition, string)>();
        var retainedFrom = nowMicros - retention.Ticks / 10;
        long total = 0;
        for (var i = 0; i < newestFirst.Count; i++)
        {
            var partition = newestFirst[i];
            total += sizeOf(partition);
            if (i == 0) continue;
            if (partition.EndMicros <= retainedFrom)
                drop.Add((partition, $"older than the retention of {retention}"));
            else if (total > maxSize)
                drop.Add((partition, $"the partitions take more than Storage:MaxSize ({maxSize} bytes)"));
        }
        return drop;
    }
}
