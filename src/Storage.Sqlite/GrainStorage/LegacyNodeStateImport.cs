using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Sawmill.Storage.Sqlite.GrainStorage;

/// <summary>Brings the node states of a data folder written before the move to Orleans into the Orleans grain storage:
/// each row of the old grain_state table becomes an Orleans grain state (the node registry lists them at start, and
/// their partitions' liveness reminders watch the ones that were UP). The old tables are renamed, never dropped.</summary>
internal static class LegacyNodeStateImport
{
    public static void Run(SqliteDatabase database, string grainType, string stateName, ILogger logger)
    {
        using var connection = database.Open();
        // Checked inside the write transaction: the grain storage and the reminder table may both get here at once.
        using var transaction = connection.BeginTransaction(deferred: false);
        if (!TableExists(connection, "grain_state")) return;
        int states;
        using (var copy = connection.CreateCommand())
        {
            copy.CommandText = """
                INSERT OR IGNORE INTO orleans_grain_state (state_name, grain_type, grain_key, etag, data, updated_at)
                SELECT $state, $type, grain_key, 1, data, updated_at FROM grain_state WHERE grain_type = 'NodeGrain'
                """;
            copy.Parameters.AddWithValue("$state", stateName);
            copy.Parameters.AddWithValue("$type", grainType);
            states = copy.ExecuteNonQuery();
        }
        SqliteDatabase.Execute(connection, "ALTER TABLE grain_state RENAME TO legacy_grain_state;");
        if (TableExists(connection, "reminders")) SqliteDatabase.Execute(connection, "ALTER TABLE reminders RENAME TO legacy_reminders;");
        transaction.Commit();
        logger.LogInformation("Imported {States} node states from the data folder's pre-Orleans tables (kept as legacy_*)", states);
    }

    private static bool TableExists(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return (long)command.ExecuteScalar()! > 0;
    }
}
