using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The log store of the embedded mode: one SQLite file, FTS5 full-text search, group-committed appends.</summary>
public sealed class SqliteLogStore : ILogStore, IAsyncDisposable
{
    /// <summary>The largest page a search returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The most buckets a histogram returns.</summary>
    public const int MaxBuckets = 10_000;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly LogWriter _writer;
    private int _disposed;

    public SqliteLogStore(SqliteDatabase database, TimeProvider timeProvider, ILogger<SqliteLogStore> logger)
    {
        _database = database;
        _timeProvider = timeProvider;
        var connection = database.Open();
        try
        {
            SqliteDatabase.Execute(connection, LogSchema.Create);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        _writer = new LogWriter(connection, logger);
    }

    /// <summary>Entries set aside since start because the store could not take them (see log_quarantine).</summary>
    public long Quarantined => _writer.Quarantined;

    public ValueTask AppendAsync(IReadOnlyList<SawmillMessage> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        // Serialized here, on the callers' threads, so the single writer spends its time in SQLite only.
        var rows = LogRow.From(entries, _timeProvider, _writer.Reject);
        return rows.Length == 0 ? ValueTask.CompletedTask : _writer.WriteAsync(rows, cancellationToken);
    }

    public async ValueTask<LogPage> SearchAsync(LogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > MaxLimit)
            throw new QuerySyntaxException("limit", $"limit must be between 1 and {MaxLimit}; it was {query.Limit}.");
        var filter = LogFilterSql.For(query);
        if (query.Cursor is not null)
        {
            var cursor = LogCursor.Decode(query.Cursor);
            // A row value comparison is a range on the (ts, id) index: later pages never see rows inserted since.
            filter.Add($"(ts, id) < ({filter.Bind(cursor.Ts)}, {filter.Bind(cursor.Id)})");
        }
        var limit = filter.Bind(query.Limit + 1);

        var items = new List<SawmillMessage>(Math.Min(query.Limit, 128));
        LogCursor last = default;
        var more = false;
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT ts, id, body FROM log_entries{filter.Where} ORDER BY ts DESC, id DESC LIMIT {limit}";
        filter.ApplyTo(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == query.Limit)
            {
                more = true;
                break;
            }
            last = new LogCursor(reader.GetInt64(0), reader.GetInt64(1));
            items.Add(Deserialize(reader.GetString(2)));
        }
        return new LogPage(items, more ? last.Encode() : null);
    }

    public async ValueTask<SawmillMessage?> GetAsync(string logId, string? nodeId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logId);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM log_entries WHERE log_id = $log_id"
            + (nodeId is null ? "" : " AND node_id = $node_id")
            + " ORDER BY ts DESC, id DESC LIMIT 1";
        command.Parameters.AddWithValue("$log_id", logId);
        if (nodeId is not null)
            command.Parameters.AddWithValue("$node_id", nodeId);
        return await command.ExecuteScalarAsync(cancellationToken) is string body ? Deserialize(body) : null;
    }

    public async ValueTask<LogHistogram> HistogramAsync(LogQuery query, TimeSpan interval, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var width = interval.Ticks / TimeSpan.TicksPerMicrosecond;
        if (width <= 0)
            throw new QuerySyntaxException("interval", $"interval must be at least 1 microsecond; it was {interval}.");
        await using var connection = Open();
        // An open end of the range is bounded by the stored entries (two index lookups), so the bucket guard holds
        // before any grouping runs, whatever the range.
        var (first, last) = query is { From: not null, To: not null } ? (default, default) : await TimeBoundsAsync(connection, cancellationToken);
        if ((query.From ?? first) is { } from && (query.To ?? last) is { } to && (to - from).Ticks / (double)interval.Ticks > MaxBuckets)
            throw new QuerySyntaxException("interval", $"interval {interval} makes more than {MaxBuckets} buckets from {from:O} to {to:O}; use a longer interval or a shorter range.");

        var filter = LogFilterSql.For(query);
        var w = filter.Bind(width);
        // Floor division, so buckets stay aligned to the epoch even before 1970.
        var bucket = $"(ts - ((ts % {w}) + {w}) % {w})";
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {bucket} AS bucket, level, COUNT(*) FROM log_entries{filter.Where} GROUP BY bucket, level ORDER BY bucket";
        filter.ApplyTo(command);

        var buckets = new List<HistogramBucket>();
        Dictionary<Severity, long>? counts = null;
        var current = long.MinValue;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var start = reader.GetInt64(0);
            if (counts is null || start != current)
            {
                // Without both bounds the span is only known now; a runaway bucket count is still refused.
                if (buckets.Count == MaxBuckets)
                    throw new QuerySyntaxException("interval", $"interval {interval} makes more than {MaxBuckets} buckets; use a longer one.");
                current = start;
                counts = [];
                buckets.Add(new HistogramBucket(LogSchema.FromUnixMicroseconds(start), counts));
            }
            counts[(Severity)reader.GetInt32(1)] = reader.GetInt64(2);
        }
        return new LogHistogram(interval, buckets);
    }

    /// <summary>The oldest and newest stored times (null when the store is empty).</summary>
    private static async Task<(DateTimeOffset? First, DateTimeOffset? Last)> TimeBoundsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT min(ts) FROM log_entries), (SELECT max(ts) FROM log_entries)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0)
            ? (null, null)
            : (LogSchema.FromUnixMicroseconds(reader.GetInt64(0)), LogSchema.FromUnixMicroseconds(reader.GetInt64(1) + 1));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            await _writer.DisposeAsync();
    }

    private SqliteConnection Open()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        return _database.Open();
    }

    private static SawmillMessage Deserialize(string body) =>
        JsonSerializer.Deserialize(body, SawmillJsonContext.Default.SawmillMessage)
        ?? throw new InvalidDataException("A stored log entry deserialized to null.");
}
