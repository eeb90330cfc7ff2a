using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>Moves the entries of the single-table store (sawmill.db's log_entries, before partitions) into partitions at
/// start, with progress in the log. A restart mid-way repeats batches harmlessly (the store keeps one entry per id); the
/// old tables go only once every entry was copied. A body that no longer reads is kept in log_quarantine.</summary>
internal static class LegacyLogImport
{
    private const int BatchSize = 10_000;
    private const string UnreadableBody = "The stored body of the single-table store no longer reads as an entry.";

    public static void Run(SqliteDatabase database, SqliteLogStore store, ILogger logger)
    {
        using var connection = database.Open();
        if (!HasTable(connection, "log_entries")) return;
        var total = Scalar(connection, "SELECT count(*) FROM log_entries");
        logger.LogWarning("Migrating {Count} log entries of {Path} to the partitioned store; the silo starts when this is done", total, database.Path);
        long after = 0, copied = 0, unreadable = 0, reported = 0;
        while (true)
        {
            var entries = new List<SawmillMessage>(BatchSize);
            var read = 0;
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT id, body, node_id, log_id FROM log_entries WHERE id > $after ORDER BY id LIMIT $limit";
                command.Parameters.AddWithValue("$after", after);
                command.Parameters.AddWithValue("$limit", BatchSize);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    after = reader.GetInt64(0);
                    read++;
                    if (Read(reader.GetString(1)) is { } entry) entries.Add(entry);
                    else
                    {
                        unreadable++;
                        LogQuarantine.Add(connection, reader.GetString(2), reader.GetString(3), UnreadableBody, reader.GetString(1));
                    }
                }
            }
            if (read == 0) break;
            store.AppendAsync(entries).AsTask().GetAwaiter().GetResult();
            copied += entries.Count;
            if (copied - reported >= 100_000)
            {
                reported = copied;
                logger.LogInformation("Migrated {Copied} of {Count} log entries", copied, total);
            }
        }
        SqliteDatabase.Execute(connection, "DROP TRIGGER IF EXISTS log_entries_fts_delete; DROP TABLE IF EXISTS log_fts; DROP TABLE IF EXISTS log_entries;");
        logger.LogWarning("Migrated {Copied} log entries ({Unreadable} unreadable ones kept in log_quarantine); the old tables are dropped", copied, unreadable);
        try
        {
            SqliteDatabase.Execute(connection, "VACUUM");
        }
        catch (SqliteException ex)
        {
            logger.LogWarning(ex, "Could not give the old tables' space back to the disk (VACUUM); sawmill.db reuses it");
        }
    }

    private static SawmillMessage? Read(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, SawmillJsonContext.Default.SawmillMessage);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool HasTable(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $name)";
        command.Parameters.AddWithValue("$name", name);
        return (long)command.ExecuteScalar()! == 1;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
