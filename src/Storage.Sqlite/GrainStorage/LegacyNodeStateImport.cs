using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Sawmill.Storage.Sqlite.GrainStorage;

/// <summary>Brings the node states of a data folder written before the move to Orleans into the Orleans tables: each
/// row of the old grain_state table becomes an Orleans grain state, and a node that was watched gets its liveness
/// reminder, so a node that never reports again is still found dead. The old tables are renamed, never dropped.</summary>
internal static class LegacyNodeStateImport
{
    public static void Run(SqliteDatabase database, string grainType, string stateName, string reminderName, TimeSpan reminderPeriod, ILogger logger)
    {
        using var connection = database.Open();
        // Checked inside the write transaction: the grain storage and the reminder table may both get here at once.
        using var transaction = connection.BeginTransaction(deferred: false);
        if (!TableExists(connection, "grain_state")) return;
        var reminders = new List<string>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT grain_key FROM grain_state WHERE grain_type = 'NodeGrain' AND json_extract(data, '$.reminderRegistered') = 1";
            using var reader = read.ExecuteReader();
            while (reader.Read()) reminders.Add(reader.GetString(0));
        }
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
        using (var remind = connection.CreateCommand())
        {
            remind.CommandText = """
                INSERT OR IGNORE INTO orleans_reminders (grain_id, reminder_name, grain_hash, start_at_us, period_us, etag)
                VALUES ($id, $name, $hash, $start, $period, 1)
                """;
            var (id, hash) = (remind.Parameters.Add("$id", SqliteType.Text), remind.Parameters.Add("$hash", SqliteType.Integer));
            remind.Parameters.AddWithValue("$name", reminderName);
            remind.Parameters.AddWithValue("$start", (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10);
            remind.Parameters.AddWithValue("$period", (long)reminderPeriod.TotalMicroseconds);
            foreach (var key in reminders)
            {
                var grain = GrainId.Create(grainType, key);
                (id.Value, hash.Value) = (grain.ToString(), (long)grain.GetUniformHashCode());
                remind.ExecuteNonQuery();
            }
        }
        SqliteDatabase.Execute(connection, "ALTER TABLE grain_state RENAME TO legacy_grain_state;");
        if (TableExists(connection, "reminders")) SqliteDatabase.Execute(connection, "ALTER TABLE reminders RENAME TO legacy_reminders;");
        transaction.Commit();
        logger.LogInformation("Imported {States} node states and {Reminders} liveness reminders from the data folder's pre-Orleans tables (kept as legacy_*)",
            states, reminders.Count);
    }

    private static bool TableExists(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return (long)command.ExecuteScalar()! > 0;
    }
}
