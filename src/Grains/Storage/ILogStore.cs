using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Storage;

/// <summary>The durable, full-text searchable store of LOG and REGISTRATION entries.</summary>
public interface ILogStore
{
    /// <summary>Stores entries (LogEntry and Registration; others are ignored) in a group commit; completes once they are durable.
    /// A repeated (node_id, log_id) is stored once.</summary>
    ValueTask AppendAsync(IReadOnlyList<SawmillMessage> entries, CancellationToken cancellationToken = default);

    /// <summary>Entries matching the query, newest first, one page at a time.</summary>
    ValueTask<LogPage> SearchAsync(LogQuery query, CancellationToken cancellationToken = default);

    /// <summary>The entry with this log_id (the newest if several nodes used it), optionally of one node.</summary>
    ValueTask<SawmillMessage?> GetAsync(string logId, string? nodeId = null, CancellationToken cancellationToken = default);

    /// <summary>Counts per level per time bucket of the entries matching the query (its Limit and Cursor are ignored).</summary>
    ValueTask<LogHistogram> HistogramAsync(LogQuery query, TimeSpan interval, CancellationToken cancellationToken = default);
}
