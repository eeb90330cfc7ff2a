using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The log store of the embedded mode: a SQLite file per time partition under logs/, each with its own
/// full-text index and rollups; group-committed appends; retention drops whole partitions.</summary>
public sealed class SqliteLogStore : ILogStore, IAsyncDisposable
{
    /// <summary>The largest page a search returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The most buckets a histogram returns.</summary>
    public const int MaxBuckets = 10_000;

    private readonly PartitionCatalog _catalog;
    private readonly LogStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly LogWriter _writer;
    private readonly ITimer _retention;
    private readonly RepeatedValues _repeated = new();
    private int _disposed;

    public SqliteLogStore(SqliteDatabase database, IOptions<LogStoreOptions> options, TimeProvider timeProvider, ILogger<SqliteLogStore> logger)
    {
        _options = options.Value;
        if (_options.Validate() is { } problem) throw new OptionsValidationException(LogStoreOptions.SectionName, typeof(LogStoreOptions), [problem]);
        _timeProvider = timeProvider;
        _logger = logger;
        using (var connection = database.Open()) SqliteDatabase.Execute(connection, LogQuarantine.Create);
        _catalog = new PartitionCatalog(Path.Combine(Path.GetDirectoryName(database.Path)!, "logs"), _options.PartitionSpan, logger);
        _writer = new LogWriter(_catalog, database, () => UnixMicros.From(_timeProvider.GetUtcNow() - _options.Retention), logger);
        LegacyLogImport.Run(database, this, logger);
        _retention = timeProvider.CreateTimer(_ => LastRetentionPass = EnforceRetentionAsync(), null, _options.RetentionCheckPeriod, _options.RetentionCheckPeriod);
    }

    /// <summary>Entries set aside since start because the store could not take them (see log_quarantine).</summary>
    public long Quarantined => _writer.Quarantined;

    /// <summary>Entries not stored since start because they were already older than the retention.</summary>
    public long Expired => _writer.Expired;

    public ValueTask AppendAsync(IReadOnlyList<SawmillMessage> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        // Encoded here, on the callers' threads, so the single writer spends its time in SQLite only.
        var rows = LogRow.From(entries, _timeProvider, _repeated, _writer.Reject);
        return rows.Length == 0 ? ValueTask.CompletedTask : _writer.WriteAsync(rows, cancellationToken);
    }

    /// <summary>Writes rows made by <see cref="LogRow.From"/> (tests hand the writer rows the database refuses).</summary>
    internal ValueTask WriteRowsAsync(LogRow[] rows) => _writer.WriteAsync(rows, CancellationToken.None);

    public ValueTask<LogPage> SearchAsync(LogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > MaxLimit)
            throw new QuerySyntaxException("limit", $"limit must be between 1 and {MaxLimit}; it was {query.Limit}.");
        var filter = EntryFilter.For(query);
        LogCursor? cursor = query.Cursor is null ? null : LogCursor.Decode(query.Cursor);
        var (from, to) = Bounds(query);
        var found = new List<(long Start, long Id, SawmillMessage Entry)>(Math.Min(query.Limit + 1, 128));
        foreach (var partition in Overlapping(from, to))
        {
            if (found.Count > query.Limit) break;
            if (cursor is { } after && partition.StartMicros > after.Ts) continue;
            Use(partition, connection =>
            {
                var (lo, hi) = Rows(partition, from, to);
                if (cursor is { } c && partition.StartMicros == c.Ts) hi = Math.Min(hi, c.Id);
                foreach (var (rangeLo, rangeHi) in Ranges(connection, partition, filter, lo, hi))
                {
                    PartitionQueries.Page(connection, partition, filter, rangeLo, rangeHi, query.Limit + 1 - found.Count, found);
                    if (found.Count > query.Limit) break;
                }
            }, cancellationToken);
        }
        var (total, exact) = cursor is null ? Count(filter, from, to, cancellationToken) : (default(long?), true);
        var items = found.Take(query.Limit).Select(f => f.Entry).ToList();
        var next = found.Count > query.Limit ? new LogCursor(found[query.Limit - 1].Start, found[query.Limit - 1].Id).Encode() : null;
        return ValueTask.FromResult(new LogPage(items, next, total, exact));
    }

    public ValueTask<SawmillMessage?> GetAsync(string logId, string? nodeId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logId);
        SawmillMessage? found = null;
        foreach (var partition in _catalog.NewestFirst)
        {
            Use(partition, connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT {PartitionSchema.Columns} FROM entries e WHERE e.log_id = $log_id"
                    + (nodeId is null ? "" : " AND e.node = (SELECT id FROM names WHERE name = $node_id)") + " ORDER BY e.id DESC LIMIT 1";
                command.Parameters.AddWithValue("$log_id", EntryCodec.EncodeLogId(logId));
                if (nodeId is not null) command.Parameters.AddWithValue("$node_id", nodeId);
                using var reader = command.ExecuteReader();
                if (reader.Read()) found = EntryCodec.Read(reader, partition.StartMicros);
            }, cancellationToken);
            if (found is not null) break;
        }
        return ValueTask.FromResult(found);
    }

    public ValueTask<LogHistogram> HistogramAsync(LogQuery query, TimeSpan interval, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var width = interval.Ticks / 10;
        if (width <= 0)
            throw new QuerySyntaxException("interval", $"interval must be at least 1 microsecond; it was {interval}.");
        var filter = EntryFilter.For(query);
        var partitions = _catalog.NewestFirst;
        // An open end of the range is bounded by the partitions, so the bucket guard holds before anything is counted.
        var (from, to) = Bounds(query);
        if (partitions.Length > 0 || (query.From is not null && query.To is not null))
        {
            var first = query.From is null ? partitions[^1].StartMicros : from;
            var last = query.To is null ? partitions[0].EndMicros : to;
            if ((last - first) / (double)width > MaxBuckets)
                throw new QuerySyntaxException("interval", $"interval {interval} makes more than {MaxBuckets} buckets from {UnixMicros.ToTime(first):O} to {UnixMicros.ToTime(last):O}; use a longer interval or a shorter range.");
        }
        var buckets = new SortedDictionary<long, Dictionary<Severity, long>>();
        var rollups = filter.RollupsAnswer && width % _catalog.Layout.RollupMicros == 0;
        foreach (var partition in Overlapping(from, to))
        {
            var counts = new BucketCounts(width, Math.Max(from, partition.StartMicros), Math.Min(to, partition.EndMicros));
            Use(partition, connection => Tally(connection, partition, filter, from, to, rollups, counts), cancellationToken);
            counts.CopyTo((start, level, n) =>
            {
                if (!buckets.TryGetValue(start, out var bucket)) buckets[start] = bucket = [];
                bucket[level] = bucket.GetValueOrDefault(level) + n;
            });
        }
        return ValueTask.FromResult(new LogHistogram(interval, buckets.Select(b => new HistogramBucket(UnixMicros.ToTime(b.Key), b.Value)).ToList()));
    }

    /// <summary>Size on disk, partition count and the oldest entry's time, for /healthz and the dashboard.</summary>
    public ValueTask<LogStoreStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        var partitions = _catalog.NewestFirst;
        DateTimeOffset? oldest = null;
        for (var i = partitions.Length - 1; i >= 0 && oldest is null; i--)
        {
            var partition = partitions[i];
            Use(partition, connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT min(id) FROM entries";
                if (command.ExecuteScalar() is long id) oldest = UnixMicros.ToTime(partition.StartMicros + PartitionLayout.OffsetOf(id));
            }, cancellationToken);
        }
        return ValueTask.FromResult(new LogStoreStats(partitions.Sum(p => p.SizeBytes), partitions.Length, oldest));
    }

    /// <summary>Drops the partitions the retention rules say to (see <see cref="LogStoreOptions"/>); the retention timer
    /// runs this every RetentionCheckPeriod, off the write path. Completes once the writer let go of them too; returns
    /// how many were dropped.</summary>
    public async Task<int> EnforceRetentionAsync()
    {
        try
        {
            if (Volatile.Read(ref _disposed) == 1) return 0;
            var drop = LogRetention.Select(_catalog.NewestFirst, UnixMicros.From(_timeProvider.GetUtcNow()), _options.Retention, _options.MaxSize, p => p.SizeBytes);
            foreach (var (partition, reason) in drop)
            {
                _logger.LogInformation("Dropping log partition {File}: {Reason}", Path.GetFileName(partition.Path), reason);
                _catalog.Drop(partition);
            }
            if (drop.Count > 0) await _writer.CloseDroppedAsync();
            return drop.Count;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException or ObjectDisposedException)
        {
            _logger.LogError(ex, "The retention pass failed; the next one tries again");
            return 0;
        }
    }

    /// <summary>The retention timer's latest pass (tests await it after moving the clock).</summary>
    internal Task<int> LastRetentionPass { get; private set; } = Task.FromResult(0);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _retention.DisposeAsync();
        await _writer.DisposeAsync();
    }

    // Matching entries of [from, to), rollups where they answer, rows elsewhere, into counts.
    private void Tally(SqliteConnection connection, LogPartition partition, EntryFilter filter, long from, long to, bool rollups, BucketCounts counts)
    {
        var (lo, hi) = (Math.Max(from, partition.StartMicros), Math.Min(to, partition.EndMicros));
        var width = _catalog.Layout.RollupMicros;
        var first = (lo - partition.StartMicros + width - 1) / width;
        var end = (hi - partition.StartMicros) / width;
        void Rows(long a, long b)
        {
            if (a < b) PartitionQueries.CountRows(connection, partition, filter, PartitionLayout.First(a - partition.StartMicros), PartitionLayout.First(b - partition.StartMicros), counts);
        }
        if (!rollups || first >= end)
        {
            Rows(lo, hi);
            return;
        }
        PartitionQueries.Rollups(connection, filter, first, end, (bucket, level, n) => counts.Add(partition.StartMicros + bucket * width, level, n));
        Rows(lo, partition.StartMicros + first * width);
        Rows(partition.StartMicros + end * width, hi);
    }

    // The first page's total: exact from the rollups when they answer, else counted up to the budget.
    private (long? Total, bool Exact) Count(EntryFilter filter, long from, long to, CancellationToken cancellationToken)
    {
        long total = 0;
        var exact = true;
        foreach (var partition in Overlapping(from, to))
        {
            if (!exact) break;
            Use(partition, connection =>
            {
                if (filter.RollupsAnswer)
                {
                    var counts = new BucketCounts(partition.EndMicros - partition.StartMicros, partition.StartMicros, partition.EndMicros);
                    Tally(connection, partition, filter, from, to, rollups: true, counts);
                    total += counts.Total;
                    return;
                }
                var (lo, hi) = Rows(partition, from, to);
                var (count, complete) = PartitionQueries.Count(connection, filter, lo, hi, _options.CountLimit - total);
                total += count;
                exact = complete;
            }, cancellationToken);
        }
        return (total, exact);
    }

    // Where the rollups know which buckets hold a matching level, service or node, only those are read.
    private IEnumerable<(long Lo, long Hi)> Ranges(SqliteConnection connection, LogPartition partition, EntryFilter filter, long lo, long hi)
    {
        if (lo >= hi) yield break;
        if (filter.Text is not null || (filter.Levels is null && filter.Services is null && filter.Nodes is null))
        {
            yield return (lo, hi);
            yield break;
        }
        var width = _catalog.Layout.RollupMicros;
        var buckets = PartitionQueries.Buckets(connection, filter, PartitionLayout.OffsetOf(lo) / width, PartitionLayout.OffsetOf(hi - 1) / width + 1);
        for (var i = 0; i < buckets.Count;)
        {
            var (newest, oldest) = (buckets[i], buckets[i]);
            while (++i < buckets.Count && buckets[i] == oldest - 1) oldest = buckets[i];
            var rangeLo = Math.Max(lo, PartitionLayout.First(oldest * width));
            var rangeHi = Math.Min(hi, PartitionLayout.First((newest + 1) * width));
            if (rangeLo < rangeHi) yield return (rangeLo, rangeHi);
        }
    }

    // The partitions that hold some of [from, to), newest first.
    private IEnumerable<LogPartition> Overlapping(long from, long to) =>
        _catalog.NewestFirst.SkipWhile(p => p.StartMicros >= to).TakeWhile(p => p.EndMicros > from);

    // The rowids of [from, to) in the partition.
    private static (long Lo, long Hi) Rows(LogPartition partition, long from, long to) => (
        PartitionLayout.First(Math.Max(from, partition.StartMicros) - partition.StartMicros),
        PartitionLayout.First(Math.Min(to, partition.EndMicros) - partition.StartMicros));

    private static (long From, long To) Bounds(LogQuery query) => (
        query.From is { } from ? UnixMicros.From(from) : long.MinValue,
        query.To is { } to ? UnixMicros.From(to) : long.MaxValue);

    private void Use(LogPartition partition, Action<SqliteConnection> read, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (!partition.TryAcquire()) return;
        try
        {
            using var connection = partition.Open();
            read(connection);
        }
        finally
        {
            partition.Release();
        }
    }
}
