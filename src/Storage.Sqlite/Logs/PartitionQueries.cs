using Microsoft.Data.Sqlite;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The reads of one partition: pages newest first, bounded counts, and rows counted per time bucket. A range is
/// rowids [lo, hi): time ranges become rowid ranges since the rowid is the time.</summary>
internal static class PartitionQueries
{
    /// <summary>Appends up to <paramref name="limit"/> matching entries of [lo, hi), newest first.</summary>
    public static void Page(SqliteConnection connection, LogPartition partition, EntryFilter filter, long lo, long hi, int limit, List<(long Start, long Id, SawmillMessage Entry)> into)
    {
        using var command = connection.CreateCommand();
        command.CommandText = PageSql(filter);
        Bind(command, filter, lo, hi);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        while (reader.Read()) into.Add((partition.StartMicros, reader.GetInt64(0), EntryCodec.Read(reader, partition.StartMicros)));
    }

    /// <summary>The page query: parameters $lo, $hi, $limit, $match (with text) and the filter's.</summary>
    public static string PageSql(EntryFilter filter)
    {
        var where = filter.Conditions("e.id");
        return filter.Text switch
        {
            null => $"SELECT {PartitionSchema.Columns} FROM entries e WHERE e.id >= $lo AND e.id < $hi{where} ORDER BY e.id DESC LIMIT $limit",
            // CROSS JOIN keeps the full-text index the outer loop: it yields rowids newest first and the page stops early.
            { Negated: false } => $"SELECT {PartitionSchema.Columns} FROM fts CROSS JOIN entries e ON e.id = fts.rowid " +
                $"WHERE fts MATCH $match AND fts.rowid >= $lo AND fts.rowid < $hi{where} ORDER BY fts.rowid DESC LIMIT $limit",
            _ => $"SELECT {PartitionSchema.Columns} FROM entries e WHERE e.id >= $lo AND e.id < $hi " +
                $"AND e.id NOT IN (SELECT rowid FROM fts WHERE fts MATCH $match){where} ORDER BY e.id DESC LIMIT $limit",
        };
    }

    /// <summary>Matches among at most <paramref name="budget"/> candidates of [lo, hi) (newest first), and whether the
    /// candidates ran out before the budget did (then the count is exact).</summary>
    public static (long Count, bool Complete) Count(SqliteConnection connection, EntryFilter filter, long lo, long hi, long budget)
    {
        using var command = connection.CreateCommand();
        var candidates = filter.Text switch
        {
            null => "SELECT id FROM entries WHERE id >= $lo AND id < $hi ORDER BY id DESC LIMIT $budget",
            { Negated: false } => "SELECT rowid AS id FROM fts WHERE fts MATCH $match AND rowid >= $lo AND rowid < $hi ORDER BY rowid DESC LIMIT $budget",
            _ => "SELECT id FROM entries WHERE id >= $lo AND id < $hi AND id NOT IN (SELECT rowid FROM fts WHERE fts MATCH $match) ORDER BY id DESC LIMIT $budget",
        };
        // One pass over the candidates counts them and their matches (every candidate is a row, so the join keeps them all).
        var join = filter.NeedsRow ? " JOIN entries e ON e.id = c.id" : "";
        command.CommandText = $"SELECT count(*), coalesce(sum(1{filter.Conditions("c.id")}), 0) FROM ({candidates}) c{join}";
        Bind(command, filter, lo, hi);
        command.Parameters.AddWithValue("$budget", budget);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(1), reader.GetInt64(0) < budget);
    }

    /// <summary>Counts the matching entries of [lo, hi) per bucket and level into <paramref name="counts"/>, reading only
    /// rowids unless a condition needs the row.</summary>
    public static void CountRows(SqliteConnection connection, LogPartition partition, EntryFilter filter, long lo, long hi, BucketCounts counts)
    {
        using var command = connection.CreateCommand();
        command.CommandText = filter.Text switch
        {
            null => $"SELECT e.id FROM entries e WHERE e.id >= $lo AND e.id < $hi{filter.Conditions("e.id")}",
            { Negated: false } when !filter.NeedsRow => $"SELECT fts.rowid FROM fts WHERE fts MATCH $match AND fts.rowid >= $lo AND fts.rowid < $hi{filter.Conditions("fts.rowid")}",
            { Negated: false } => $"SELECT e.id FROM fts CROSS JOIN entries e ON e.id = fts.rowid WHERE fts MATCH $match AND fts.rowid >= $lo AND fts.rowid < $hi{filter.Conditions("e.id")}",
            _ => $"SELECT e.id FROM entries e WHERE e.id >= $lo AND e.id < $hi AND e.id NOT IN (SELECT rowid FROM fts WHERE fts MATCH $match){filter.Conditions("e.id")}",
        };
        Bind(command, filter, lo, hi);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            counts.Add(partition.StartMicros + PartitionLayout.OffsetOf(id), PartitionLayout.LevelOf(id), 1);
        }
    }

    /// <summary>Rollup counts of the buckets [firstBucket, endBucket): (bucket, level, count).</summary>
    public static void Rollups(SqliteConnection connection, EntryFilter filter, long firstBucket, long endBucket, Action<long, Severity, long> add)
    {
        using var command = RollupCommand(connection, filter, "bucket, level, sum(n)", firstBucket, endBucket, " GROUP BY bucket, level");
        using var reader = command.ExecuteReader();
        while (reader.Read()) add(reader.GetInt64(0), (Severity)reader.GetInt32(1), reader.GetInt64(2));
    }

    /// <summary>The buckets of [firstBucket, endBucket) that hold a matching entry by the rollups, newest first.</summary>
    public static List<long> Buckets(SqliteConnection connection, EntryFilter filter, long firstBucket, long endBucket)
    {
        using var command = RollupCommand(connection, filter, "DISTINCT bucket", firstBucket, endBucket, " ORDER BY bucket DESC");
        var buckets = new List<long>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) buckets.Add(reader.GetInt64(0));
        return buckets;
    }

    // The per-level rollup when no service or node is asked for, else the full one; buckets [first, end).
    private static SqliteCommand RollupCommand(SqliteConnection connection, EntryFilter filter, string columns, long firstBucket, long endBucket, string tail)
    {
        var command = connection.CreateCommand();
        var table = filter.LevelRollupIsEnough ? "rollup_level" : "rollup";
        command.CommandText = $"SELECT {columns} FROM {table} WHERE bucket >= $first AND bucket < $end{filter.RollupConditions}{tail}";
        filter.ApplyTo(command);
        command.Parameters.AddWithValue("$first", firstBucket);
        command.Parameters.AddWithValue("$end", endBucket);
        return command;
    }

    private static void Bind(SqliteCommand command, EntryFilter filter, long lo, long hi)
    {
        filter.ApplyTo(command);
        command.Parameters.AddWithValue("$lo", lo);
        command.Parameters.AddWithValue("$hi", hi);
        if (filter.Text is { } text) command.Parameters.AddWithValue("$match", text.Match);
    }
}
