using Microsoft.Extensions.Logging;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The partition files of the logs folder, newest first. Readers take a snapshot; only the writer adds
/// partitions and only the retention job drops them.</summary>
internal sealed class PartitionCatalog
{
    private readonly string _directory;
    private readonly Lock _lock = new();
    private LogPartition[] _newestFirst;
    private long _droppedBefore = long.MinValue;

    public PartitionCatalog(string directory, TimeSpan configuredSpan, ILogger logger)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        var found = new List<(string Path, long Start, TimeSpan Span)>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.db"))
        {
            if (PartitionLayout.TryParse(System.IO.Path.GetFileName(path), out var start, out var span)) found.Add((path, start, span));
        }
        var spans = found.Select(f => f.Span).Distinct().ToList();
        if (spans.Count > 1)
            throw new InvalidOperationException($"The logs folder {directory} holds partitions of different spans ({string.Join(", ", spans)}); move all but one span's files elsewhere.");
        var folderSpan = spans.Count == 1 ? spans[0] : configuredSpan;
        if (folderSpan != configuredSpan)
            logger.LogWarning("The logs folder {Directory} was created with partitions of {FolderSpan}; it keeps them, not the configured {ConfiguredSpan}", directory, folderSpan, configuredSpan);
        Layout = new PartitionLayout(folderSpan);
        _newestFirst = [.. found.Select(f => new LogPartition(f.Path, Layout.IndexOf(f.Start), f.Start, f.Start + Layout.SpanMicros)).OrderByDescending(p => p.StartMicros)];
        foreach (var partition in _newestFirst)
        {
            using var connection = partition.Open(writer: true);
            PartitionSchema.Upgrade(connection);
        }
    }

    public PartitionLayout Layout { get; }

    /// <summary>Every partition, newest first, as of now (a snapshot: never changed, replaced).</summary>
    public LogPartition[] NewestFirst => Volatile.Read(ref _newestFirst);

    /// <summary>Entries before this time (unix microseconds) belong to dropped partitions and are not taken any more.</summary>
    public long DroppedBefore => Volatile.Read(ref _droppedBefore);

    public LogPartition? Find(long index)
    {
        foreach (var partition in NewestFirst)
        {
            if (partition.Index == index) return partition;
            if (partition.Index < index) break;
        }
        return null;
    }

    /// <summary>A partition not yet in the catalog: the writer creates its file and tables, then <see cref="Publish"/>es it.</summary>
    public LogPartition Prepare(long index)
    {
        var start = Layout.StartOf(index);
        return new LogPartition(System.IO.Path.Combine(_directory, Layout.FileName(index)), index, start, start + Layout.SpanMicros);
    }

    public void Publish(LogPartition partition)
    {
        lock (_lock)
        {
            Volatile.Write(ref _newestFirst, [.. _newestFirst.Append(partition).OrderByDescending(p => p.StartMicros)]);
        }
    }

    /// <summary>Removes the partition (readers stop seeing it, the writer stops taking its entries) and deletes its files
    /// once nobody uses it any more.</summary>
    public void Drop(LogPartition partition)
    {
        lock (_lock)
        {
            Volatile.Write(ref _newestFirst, [.. _newestFirst.Where(p => p != partition)]);
            Volatile.Write(ref _droppedBefore, Math.Max(_droppedBefore, partition.EndMicros));
        }
        partition.Drop();
    }
}
