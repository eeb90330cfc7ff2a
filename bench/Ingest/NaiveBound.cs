using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Ingest;

/// <summary>The naive SQLite+FTS5 store the partitioned one is measured against: one table of columns plus the JSON
/// body, an external-content FTS5 index filled per transaction, an index per filter, group commits of 20,000 rows.</summary>
internal static class NaiveBound
{
    private const string Schema = """
        PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;
        CREATE TABLE entries (id INTEGER PRIMARY KEY, log_id TEXT NOT NULL, node_id TEXT NOT NULL, service_name TEXT NOT NULL,
            level INTEGER NOT NULL, ts INTEGER NOT NULL, message TEXT NOT NULL, props_text TEXT NOT NULL, body TEXT NOT NULL,
            UNIQUE (log_id, node_id));
        CREATE INDEX entries_ts ON entries (ts, id);
        CREATE INDEX entries_level ON entries (level, ts);
        CREATE INDEX entries_service ON entries (service_name, ts);
        CREATE INDEX entries_node ON entries (node_id, ts);
        CREATE VIRTUAL TABLE fts USING fts5 (message, props_text, content = 'entries', content_rowid = 'id');
        """;

    /// <summary>Rows per second for the entries, serialised beforehand (the bound is SQLite's, not ours).</summary>
    public static double RowsPerSecond(string path, IReadOnlyList<LogEntry> entries)
    {
        var rows = entries.Select(e => (e, Props: $"{e.ErrorDetails?.ErrorCode} {e.ErrorDetails?.ErrorMessage}",
            Body: JsonSerializer.Serialize<SawmillMessage>(e, SawmillJsonContext.Default.SawmillMessage))).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        Execute(connection, Schema);
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT OR IGNORE INTO entries (log_id, node_id, service_name, level, ts, message, props_text, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        var parameters = Enumerable.Range(1, 8).Select(i => insert.Parameters.Add(new SqliteParameter { ParameterName = $"${i}" })).ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var chunk in rows.Chunk(20_000))
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            var after = Scalar(connection, "SELECT coalesce(max(id), 0) FROM entries");
            foreach (var (e, props, body) in chunk)
            {
                parameters[0].Value = e.LogId;
                parameters[1].Value = e.NodeId;
                parameters[2].Value = e.ServiceName;
                parameters[3].Value = (int)e.LogLevel;
                parameters[4].Value = (e.Timestamp.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
                parameters[5].Value = e.Message;
                parameters[6].Value = props;
                parameters[7].Value = body;
                insert.ExecuteNonQuery();
            }
            Execute(connection, $"INSERT INTO fts (rowid, message, props_text) SELECT id, message, props_text FROM entries WHERE id > {after}");
            transaction.Commit();
        }
        return rows.Count / clock.Elapsed.TotalSeconds;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
