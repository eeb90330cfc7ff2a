using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Postgres.Logs;

/// <summary>The scale-out log store: entries in time-partitioned PostgreSQL tables with a tsvector per entry (GIN),
/// rollups written with the rows for histograms and totals, newest-first keyset paging over (ts, seq), and retention
/// dropping whole partitions on a timer. Query semantics are the embedded SQLite store's.</summary>
public sealed class PostgresLogStore : ILogStore, IAsyncDisposable
{
    /// <summary>The largest page a search returns.</summary>
    public const int MaxLimit = 1000;

    private readonly PostgresStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PgPartitions _partitions;
    private readonly PgLogWriter _writer;
    private readonly PgReader _reader;
    private Task _ready;
    private readonly ITimer _retention;
    private long _expired;
    private int _disposed;

    public PostgresLogStore(IOptions<PostgresStoreOptions> options, TimeProvider timeProvider, ILogger<PostgresLogStore> logger)
    {
        _options = options.Value;
        if (_options.Validate() is { } problem) throw new OptionsValidationException(PostgresStoreOptions.SectionName, typeof(PostgresStoreOptions), [problem]);
        _timeProvider = timeProvider;
        _logger = logger;
        _dataSource = NpgsqlDataSource.Create(_options.ConnectionString);
        _partitions = new PgPartitions(_dataSource, _options.PartitionSpan.Ticks / 10);
        _ready = _partitions.InitializeAsync();
        _writer = new PgLogWriter(_dataSource, _partitions, _options.QueueCapacity, logger);
        _reader = new PgReader(_dataSource, _options.CountLimit);
        _retention = timeProvider.CreateTimer(_ => LastRetentionPass = EnforceRetentionAsync(), null, _options.RetentionCheckPeriod, _options.RetentionCheckPeriod);
    }

    /// <summary>Entries the database refused even alone since start (logged, not stored).</summary>
    public long Quarantined => _writer.Quarantined;

    /// <summary>Entries not stored since start because they were already older than the retention.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    public async ValueTask AppendAsync(IReadOnlyList<SawmillMessage> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await ReadyAsync(cancellationToken);
        var rows = PgRow.From(entries, _timeProvider, (entry, ex) =>
            _logger.LogError(ex, "Entry of node {NodeId} cannot be stored and was left out", entry.NodeId));
        // Entries older than the retention would only make a partition the next pass drops.
        var retainedFrom = UnixMicros.From(_timeProvider.GetUtcNow() - _options.Retention);
        var expired = rows.RemoveAll(r => r.Ts < retainedFrom);
        if (expired > 0)
        {
            Interlocked.Add(ref _expired, expired);
            _logger.LogWarning("{Count} entries older than the retention of {Retention} were not stored", expired, _options.Retention);
        }
        if (rows.Count > 0) await _writer.WriteAsync(rows, cancellationToken);
    }

    public async ValueTask<LogPage> SearchAsync(LogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > MaxLimit)
            throw new QuerySyntaxException("limit", $"limit must be between 1 and {MaxLimit}; it was {query.Limit}.");
        var filter = PgFilter.For(query);
        LogCursor? cursor = query.Cursor is null ? null : LogCursor.Decode(query.Cursor);
        await ReadyAsync(cancellationToken);
        return await _reader.SearchAsync(filter, Bounds(query), query.Limit, cursor, cancellationToken);
    }

    public async ValueTask<SawmillMessage?> GetAsync(string logId, string? nodeId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logId);
        await ReadyAsync(cancellationToken);
        return await _reader.GetAsync(logId, nodeId, cancellationToken);
    }

    public async ValueTask<LogHistogram> HistogramAsync(LogQuery query, TimeSpan interval, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var width = interval.Ticks / 10;
        if (width <= 0)
            throw new QuerySyntaxException("interval", $"interval must be at least 1 microsecond; it was {interval}.");
        var filter = PgFilter.For(query);
        await ReadyAsync(cancellationToken);
        return await _reader.HistogramAsync(filter, Bounds(query), interval, cancellationToken);
    }

    /// <summary>Bytes of the partitions, their count and the oldest entry's time, for /healthz and the dashboard.</summary>
    public async ValueTask<LogStoreStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken);
        var partitions = await _partitions.ListAsync(cancellationToken);
        return new LogStoreStats(partitions.Sum(p => p.SizeBytes), partitions.Count, await _reader.OldestAsync(cancellationToken));
    }

    /// <summary>Drops the partitions the retention rules say to (see <see cref="PostgresStoreOptions"/>): those wholly
    /// older than the retention, then the oldest while they take more than MaxSize; the newest always stays. The timer
    /// runs this every RetentionCheckPeriod, off the write path; returns how many were dropped.</summary>
    public async Task<int> EnforceRetentionAsync()
    {
        try
        {
            if (Volatile.Read(ref _disposed) == 1) return 0;
            await ReadyAsync(CancellationToken.None);
            var partitions = await _partitions.ListAsync();
            var retainedFrom = UnixMicros.From(_timeProvider.GetUtcNow() - _options.Retention);
            long total = 0;
            var dropped = 0;
            for (var i = 0; i < partitions.Count; i++)
            {
                var partition = partitions[i];
                total += partition.SizeBytes;
                if (i == 0) continue;
                var reason = partition.End <= retainedFrom ? $"older than the retention of {_options.Retention}"
                    : total > _options.MaxSize ? $"the partitions take more than {PostgresStoreOptions.SectionName}:MaxSize ({_options.MaxSize} bytes)"
                    : null;
                if (reason is null) continue;
                _logger.LogInformation("Dropping log partition {Partition}: {Reason}", PgSchema.EntriesOf(partition.Start), reason);
                await _partitions.DropAsync(partition);
                dropped++;
            }
            return dropped;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
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
        await LastRetentionPass;
        await _dataSource.DisposeAsync();
    }

    private Task ReadyAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        // The tables are made at start; when the database was down then, the next call tries again.
        var ready = Volatile.Read(ref _ready);
        if (ready.IsFaulted || ready.IsCanceled)
        {
            ready = _partitions.InitializeAsync();
            Volatile.Write(ref _ready, ready);
        }
        return ready.WaitAsync(cancellationToken);
    }

    private static (long From, long To) Bounds(LogQuery query) => (
        query.From is { } from ? UnixMicros.From(from) : long.MinValue,
        query.To is { } to ? UnixMicros.From(to) : long.MaxValue);
}
