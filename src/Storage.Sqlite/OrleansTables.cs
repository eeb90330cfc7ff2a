using Microsoft.Extensions.Logging;
using Sawmill.Grains.Nodes;
using Sawmill.Storage.Sqlite.GrainStorage;

namespace Sawmill.Storage.Sqlite;

/// <summary>The tables of the Orleans grain storage and reminder table in sawmill.db, created together (whichever
/// provider Orleans opens first), with a data folder's pre-Orleans node state imported into them once.</summary>
internal static class OrleansTables
{
    public static void Ensure(SqliteDatabase database, ILogger logger)
    {
        using (var connection = database.Open())
        {
            SqliteDatabase.Execute(connection, """
                CREATE TABLE IF NOT EXISTS orleans_grain_state (
                    state_name TEXT NOT NULL,
                    grain_type TEXT NOT NULL,
                    grain_key TEXT NOT NULL,
                    etag INTEGER NOT NULL,
                    data TEXT NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (state_name, grain_type, grain_key)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS orleans_reminders (
                    grain_id TEXT NOT NULL,
                    reminder_name TEXT NOT NULL,
                    grain_hash INTEGER NOT NULL,
                    start_at_us INTEGER NOT NULL,
                    period_us INTEGER NOT NULL,
                    etag INTEGER NOT NULL,
                    PRIMARY KEY (grain_id, reminder_name)
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS ix_orleans_reminders_hash ON orleans_reminders (grain_hash);
                """);
        }
        // The node grain's Orleans grain type is "node". Imported nodes are watched by their partition's reminder.
        LegacyNodeStateImport.Run(database, "node", NodeGrain.StateName, logger);
    }
}
