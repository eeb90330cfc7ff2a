using System.Collections.Concurrent;
using Npgsql;

namespace Sawmill.Storage.Postgres.Logs;

/// <summary>The time partitions of log_entries and log_rollups: made on demand for the times a batch holds, listed
/// from log_partitions, dropped whole by retention. DDL runs under an advisory lock, so silos sharing the database
/// never race on it.</summary>
internal sealed class PgPartitions(NpgsqlDataSource dataSource, long spanMicros)
{
    private readonly ConcurrentDictionary<long, bool> _known = new();

    /// <summary>The span of each partition: the one the database was made with (the configured one for a new database).</summary>
    public long SpanMicros { get; private set; } = spanMicros;

    /// <summary>Creates the tables if missing and adopts the span the database was made with.</summary>
    public async Task InitializeAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Execute(connection, $"SELECT pg_advisory_xact_lock({PgSchema.PartitionLock})");
        await Execute(connection, PgSchema.Create);
        await using (var command = new NpgsqlCommand(
            "INSERT INTO log_store (span_micros) VALUES (@span) ON CONFLICT DO NOTHING; SELECT span_micros FROM log_store", connection))
        {
            command.Parameters.AddWithValue("span", SpanMicros);
            SpanMicros = (long)(await command.ExecuteScalarAsync())!;
        }
        await transaction.CommitAsync();
    }

    /// <summary>The start of the partition holding <paramref name="ts"/>.</summary>
    public long StartOf(long ts) => ts - (ts % SpanMicros + SpanMicros) % SpanMicros;

    /// <summary>Makes the partitions these times fall in, if missing.</summary>
    public async Task EnsureAsync(IEnumerable<long> times)
    {
        var missing = times.Select(StartOf).Distinct().Where(start => !_known.ContainsKey(start)).ToList();
        if (missing.Count == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Execute(connection, $"SELECT pg_advisory_xact_lock({PgSchema.PartitionLock})");
        foreach (var start in missing) await Execute(connection, PgSchema.CreatePartition(start, start + SpanMicros));
        await transaction.CommitAsync();
        foreach (var start in missing) _known[start] = true;
    }

    /// <summary>Every partition, newest first, with its bytes.</summary>
    public async Task<List<PgPartition>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var starts = new List<(long Start, long End)>();
        await using (var command = new NpgsqlCommand("SELECT start_micros, end_micros FROM log_partitions ORDER BY start_micros DESC", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) starts.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }
        var partitions = new List<PgPartition>(starts.Count);
        foreach (var (start, end) in starts)
        {
            await using var size = new NpgsqlCommand("SELECT " + PgSchema.SizeOf(start), connection);
            partitions.Add(new PgPartition(start, end, (long)(await size.ExecuteScalarAsync(cancellationToken))!));
        }
        return partitions;
    }

    /// <summary>Drops a partition's tables and keys in one transaction.</summary>
    public async Task DropAsync(PgPartition partition)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Execute(connection, $"SELECT pg_advisory_xact_lock({PgSchema.PartitionLock})");
        await Execute(connection, PgSchema.DropPartition(partition.Start, partition.End));
        await transaction.CommitAsync();
        _known.TryRemove(partition.Start, out _);
    }

    /// <summary>Forgets which partitions exist (another silo's retention may have dropped some).</summary>
    public void Forget() => _known.Clear();

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>One time partition [Start, End) in Unix microseconds, and the bytes its tables take.</summary>
internal sealed record PgPartition(long Start, long End, long SizeBytes);
