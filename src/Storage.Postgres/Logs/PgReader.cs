using Npgsql;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Postgres.Logs;

/// <summary>The read side of the store: pages newest first over the (ts, seq) index (partition pruning keeps a time
/// range to its partitions), totals and histograms from the rollups where they answer, from the rows elsewhere.</summary>
internal sealed class PgReader(NpgsqlDataSource dataSource, long countLimit)
{
    /// <summary>The most buckets a histogram returns.</summary>
    public const int MaxBuckets = 10_000;

    public async Task<LogPage> SearchAsync(PgFilter filter, (long From, long To) range, int limit, LogCursor? cursor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var sql = PageSql(filter, range, cursor, limit);
        var found = new List<(long Ts, long Seq, SawmillMessage Entry)>();
        await using (var command = filter.Command(connection, sql))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) found.Add((reader.GetInt64(0), reader.GetInt64(1), PgRow.Read(reader.GetString(2))));
        }
        var (total, exact) = cursor is null ? await CountAsync(connection, filter, range, cancellationToken) : (default(long?), true);
        var next = found.Count > limit ? new LogCursor(found[limit - 1].Ts, found[limit - 1].Seq).Encode() : null;
        return new LogPage(found.Take(limit).Select(f => f.Entry).ToList(), next, total, exact);
    }

    /// <summary>One page and one row more (whether there is a next page), newest first: a backward walk of the (ts, seq)
    /// index of each partition the range overlaps, merged, stopping at the limit.</summary>
    public static string PageSql(PgFilter filter, (long From, long To) range, LogCursor? cursor, int limit)
    {
        var after = cursor is { } c ? $" AND (e.ts, e.seq) < ({filter.Bind(c.Ts)}, {filter.Bind(c.Id)})" : "";
        return $"SELECT e.ts, e.seq, e.body FROM log_entries e WHERE {Range("e.ts", filter, range)}{after}{filter.Conditions} "
            + $"ORDER BY e.ts DESC, e.seq DESC LIMIT {filter.Bind(limit + 1)}";
    }

    public async Task<SawmillMessage?> GetAsync(string logId, string? nodeId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT body FROM log_entries WHERE log_id = @log_id"
            + (nodeId is null ? "" : " AND node_id = @node_id") + " ORDER BY ts DESC, seq DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("log_id", logId);
        if (nodeId is not null) command.Parameters.AddWithValue("node_id", nodeId);
        return await command.ExecuteScalarAsync(cancellationToken) is string body ? PgRow.Read(body) : null;
    }

    public async Task<LogHistogram> HistogramAsync(PgFilter filter, (long From, long To) range, TimeSpan interval, CancellationToken cancellationToken)
    {
        var width = interval.Ticks / 10;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // An open end of the range is bounded by the partitions, so the bucket guard holds before anything is counted.
        await using (var bounds = new NpgsqlCommand("SELECT min(start_micros), max(end_micros) FROM log_partitions", connection))
        await using (var reader = await bounds.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            var first = range.From != long.MinValue ? range.From : reader.IsDBNull(0) ? (long?)null : reader.GetInt64(0);
            var last = range.To != long.MaxValue ? range.To : reader.IsDBNull(1) ? (long?)null : reader.GetInt64(1);
            if (first is not null && last is not null && (last.Value - first.Value) / (double)width > MaxBuckets)
                throw new QuerySyntaxException("interval", $"interval {interval} makes more than {MaxBuckets} buckets from {UnixMicros.ToTime(first.Value):O} to {UnixMicros.ToTime(last.Value):O}; use a longer interval or a shorter range.");
        }
        var buckets = new SortedDictionary<long, Dictionary<Severity, long>>();
        await TallyAsync(connection, filter, range, width, (start, level, n) =>
        {
            if (!buckets.TryGetValue(start, out var bucket)) buckets[start] = bucket = [];
            bucket[level] = bucket.GetValueOrDefault(level) + n;
        }, cancellationToken);
        return new LogHistogram(interval, buckets.Select(b => new HistogramBucket(UnixMicros.ToTime(b.Key), b.Value)).ToList());
    }

    public async Task<DateTimeOffset?> OldestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT min(ts) FROM log_entries", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is long ts ? UnixMicros.ToTime(ts) : null;
    }

    // The first page's total: exact from the rollups when they answer, else counted up to the limit ("at least").
    private async Task<(long?, bool)> CountAsync(NpgsqlConnection connection, PgFilter filter, (long From, long To) range, CancellationToken cancellationToken)
    {
        if (filter.RollupsAnswer)
        {
            long total = 0;
            await TallyAsync(connection, filter, range, PgSchema.RollupMicros, (_, _, n) => total += n, cancellationToken);
            return (total, true);
        }
        var sql = $"SELECT count(*) FROM (SELECT 1 FROM log_entries e WHERE {Range("e.ts", filter, range)}{filter.Conditions} LIMIT {filter.Bind(countLimit + 1)}) c";
        await using var command = filter.Command(connection, sql);
        var count = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return (Math.Min(count, countLimit), count <= countLimit);
    }

    // Matching entries of the range per bucket of width and level: rollups for the whole minutes they answer, rows for
    // the rest (a range's unaligned ends, or everything when the filter or the width rules the rollups out).
    private static async Task TallyAsync(NpgsqlConnection connection, PgFilter filter, (long From, long To) range, long width,
        Action<long, Severity, long> add, CancellationToken cancellationToken)
    {
        var rollup = PgSchema.RollupMicros;
        var lo = range.From == long.MinValue ? long.MinValue : range.From + (rollup - (range.From % rollup + rollup) % rollup) % rollup;
        var hi = range.To == long.MaxValue ? long.MaxValue : range.To - (range.To % rollup + rollup) % rollup;
        if (!filter.RollupsAnswer || width % rollup != 0 || lo >= hi)
        {
            await CountRowsAsync(connection, filter, range, width, add, cancellationToken);
            return;
        }
        var w = filter.Bind(width);
        var sql = $"SELECT bucket - (bucket % {w} + {w}) % {w}, level, sum(entries)::bigint FROM log_rollups WHERE {Range("bucket", filter, (lo, hi))}"
            + $"{filter.RollupConditions} GROUP BY 1, 2";
        await ReadCountsAsync(filter.Command(connection, sql), add, cancellationToken);
        if (range.From < lo) await CountRowsAsync(connection, filter, (range.From, lo), width, add, cancellationToken);
        if (hi < range.To) await CountRowsAsync(connection, filter, (hi, range.To), width, add, cancellationToken);
    }

    private static Task CountRowsAsync(NpgsqlConnection connection, PgFilter filter, (long From, long To) range, long width,
        Action<long, Severity, long> add, CancellationToken cancellationToken)
    {
        var w = filter.Bind(width);
        var sql = $"SELECT e.ts - (e.ts % {w} + {w}) % {w}, e.level, count(*) FROM log_entries e WHERE {Range("e.ts", filter, range)}"
            + $"{filter.Conditions} GROUP BY 1, 2";
        return ReadCountsAsync(filter.Command(connection, sql), add, cancellationToken);
    }

    private static async Task ReadCountsAsync(NpgsqlCommand command, Action<long, Severity, long> add, CancellationToken cancellationToken)
    {
        await using (command)
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) add(reader.GetInt64(0), (Severity)reader.GetInt16(1), reader.GetInt64(2));
        }
    }

    // "TRUE" or the bounds of [from, to) on a column; open ends stay unbounded.
    private static string Range(string column, PgFilter filter, (long From, long To) range) => string.Join(" AND ",
        new[]
        {
            "TRUE",
            range.From == long.MinValue ? null : $"{column} >= {filter.Bind(range.From)}",
            range.To == long.MaxValue ? null : $"{column} < {filter.Bind(range.To)}",
        }.Where(c => c is not null));
}
