using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Storage;

/// <summary>Searching the stored entries: the store itself in the silo, or a silo's query API from a standalone dashboard.</summary>
public interface ILogReader
{
    /// <summary>Entries matching the query, newest first, one page at a time.</summary>
    /// <exception cref="QuerySyntaxException">The query cannot be run; the message says why.</exception>
    ValueTask<LogPage> SearchAsync(LogQuery query, CancellationToken cancellationToken = default);

    /// <summary>The entry with this log_id (the newest if several nodes used it), optionally of one node.</summary>
    ValueTask<SawmillMessage?> GetAsync(string logId, string? nodeId = null, CancellationToken cancellationToken = default);

    /// <summary>Counts per level per time bucket of the entries matching the query (its Limit and Cursor are ignored).</summary>
    ValueTask<LogHistogram> HistogramAsync(LogQuery query, TimeSpan interval, CancellationToken cancellationToken = default);

    /// <summary>How big the store is: bytes on disk, partitions, oldest entry.</summary>
    ValueTask<LogStoreStats> GetStatsAsync(CancellationToken cancellationToken = default);
}
