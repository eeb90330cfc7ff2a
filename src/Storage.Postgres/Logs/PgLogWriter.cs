using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Sawmill.Storage.Postgres.Logs;

/// <summary>The single writer: appends queue here (bounded: callers wait when it is full) and each pass writes all that
/// waits in one transaction, one multi-row INSERT of unnested arrays, with its rollups.</summary>
internal sealed class PgLogWriter : IAsyncDisposable
{
    private const int MaxBatchRows = 5_000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PgPartitions _partitions;
    private readonly ILogger _logger;
    private readonly Channel<(List<PgRow> Rows, TaskCompletionSource Done)> _queue;
    private readonly Task _loop;
    private long _quarantined;

    public PgLogWriter(NpgsqlDataSource dataSource, PgPartitions partitions, int capacity, ILogger logger)
    {
        _dataSource = dataSource;
        _partitions = partitions;
        _logger = logger;
        _queue = Channel.CreateBounded<(List<PgRow>, TaskCompletionSource)>(new BoundedChannelOptions(capacity) { SingleReader = true });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Rows the database refused even alone (logged, left out).</summary>
    public long Quarantined => Interlocked.Read(ref _quarantined);

    public async ValueTask WriteAsync(List<PgRow> rows, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync((rows, done), cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            throw new ObjectDisposedException("The log store was disposed before the entries reached its writer.", ex);
        }
        await done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<(List<PgRow> Rows, TaskCompletionSource Done)>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var count = 0;
            while (count < MaxBatchRows && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
                count += item.Rows.Count;
            }
            try
            {
                await WriteBatchAsync(batch.SelectMany(b => b.Rows).ToList());
                foreach (var item in batch) item.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                // The database is unreachable or the batch failed as a whole: the callers hear of it and retry, and
                // the writer goes on with the next batch (it must never die with appends waiting on it).
                _logger.LogError(ex, "Writing {Count} log entries to PostgreSQL failed", count);
                foreach (var item in batch) item.Done.TrySetException(ex);
            }
        }
    }

    private async Task WriteBatchAsync(List<PgRow> rows)
    {
        try
        {
            await InsertAsync(rows);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation)
        {
            // No partition for a row: retention dropped one the cache still knew. Look again, once.
            _partitions.Forget();
            await InsertAsync(rows);
        }
        catch (Exception ex) when (IsRefusedValue(ex))
        {
            // A value the database refuses: each row alone, so that one bad entry never blocks the others.
            foreach (var row in rows)
            {
                try
                {
                    await InsertAsync([row]);
                }
                catch (Exception alone) when (IsRefusedValue(alone))
                {
                    Interlocked.Increment(ref _quarantined);
                    _logger.LogError(alone, "Entry {LogId} of node {NodeId} was refused by PostgreSQL and left out", row.LogId, row.NodeId);
                }
            }
        }
    }

    // A value PostgreSQL refuses (data exception class 22), or one Npgsql cannot encode (a lone surrogate).
    private static bool IsRefusedValue(Exception ex) =>
        ex is PostgresException { SqlState: var state } ? state.StartsWith("22", StringComparison.Ordinal) : ex is ArgumentException;

    private async Task InsertAsync(List<PgRow> rows)
    {
        // A repeat inside one batch is the first one's: the join below would otherwise store both.
        var unique = rows.DistinctBy(r => (r.NodeId, r.LogId)).ToList();
        if (unique.Count == 0) return;
        await _partitions.EnsureAsync(unique.Select(r => r.Ts));
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(Insert, connection);
        Add(command, "ts", NpgsqlDbType.Bigint, unique.Select(r => r.Ts).ToArray());
        Add(command, "node_id", NpgsqlDbType.Text, unique.Select(r => r.NodeId).ToArray());
        Add(command, "log_id", NpgsqlDbType.Text, unique.Select(r => r.LogId).ToArray());
        Add(command, "service_name", NpgsqlDbType.Text, unique.Select(r => r.ServiceName).ToArray());
        Add(command, "level", NpgsqlDbType.Smallint, unique.Select(r => r.Level).ToArray());
        Add(command, "message_type", NpgsqlDbType.Smallint, unique.Select(r => r.Type).ToArray());
        Add(command, "message", NpgsqlDbType.Text, unique.Select(r => r.Message).ToArray());
        Add(command, "response_time_ms", NpgsqlDbType.Double, unique.Select(r => r.ResponseTimeMs).ToArray());
        Add(command, "threshold_limit_ms", NpgsqlDbType.Double, unique.Select(r => r.ThresholdLimitMs).ToArray());
        Add(command, "error_code", NpgsqlDbType.Text, unique.Select(r => r.ErrorCode).ToArray());
        Add(command, "error_message", NpgsqlDbType.Text, unique.Select(r => r.ErrorMessage).ToArray());
        Add(command, "extra", NpgsqlDbType.Text, unique.Select(r => r.Extra).ToArray());
        Add(command, "search", NpgsqlDbType.Text, unique.Select(r => r.Search).ToArray());
        Add(command, "body", NpgsqlDbType.Text, unique.Select(r => r.Body).ToArray());
        command.Parameters.AddWithValue("rollup", PgSchema.RollupMicros);
        await command.ExecuteNonQueryAsync();
    }

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType type, T[] values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values });

    // One statement, so one implicit transaction: the keys that are new decide which rows go in, and the rollups count
    // exactly the rows that did. Rows take their seq in the order they were appended (ties inside a timestamp). Rollup rows are upserted in key order, so concurrent writers lock them in one order.
    private const string Insert = """
        WITH input AS (
            SELECT * FROM unnest(@ts, @node_id, @log_id, @service_name, @level, @message_type, @message, @response_time_ms,
                @threshold_limit_ms, @error_code, @error_message, @extra, @search, @body) WITH ORDINALITY
                AS u(ts, node_id, log_id, service_name, level, message_type, message, response_time_ms,
                threshold_limit_ms, error_code, error_message, extra, search, body, n)
        ), fresh AS (
            INSERT INTO log_keys (node_id, log_id, ts) SELECT node_id, log_id, ts FROM input
            ON CONFLICT DO NOTHING RETURNING node_id, log_id
        ), stored AS (
            INSERT INTO log_entries (ts, node_id, log_id, service_name, level, message_type, message, response_time_ms,
                threshold_limit_ms, error_code, error_message, extra, search, body)
            SELECT i.ts, i.node_id, i.log_id, i.service_name, i.level, i.message_type, i.message, i.response_time_ms,
                i.threshold_limit_ms, i.error_code, i.error_message, i.extra::jsonb, i.search::tsvector, i.body
            FROM input i JOIN fresh f ON f.node_id = i.node_id AND f.log_id = i.log_id
            ORDER BY i.n
            RETURNING ts, level, service_name, node_id
        )
        INSERT INTO log_rollups (bucket, level, service_name, node_id, entries)
        SELECT ts - (ts % @rollup + @rollup) % @rollup, level, service_name, node_id, count(*) FROM stored
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (bucket, level, service_name, node_id) DO UPDATE SET entries = log_rollups.entries + excluded.entries
        """;
}
