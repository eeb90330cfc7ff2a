using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Grains.Tests.Support;
using Sawmill.LogStore.Contract;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.Storage.Sqlite.Tests.Logs;

/// <summary>A data folder of the single-table store (before partitions) is migrated when the store opens.</summary>
public sealed class SqliteLogStoreMigrationTests
{
    // The single-table store's layout, as it wrote sawmill.db (the columns the migration reads, and its FTS table).
    private const string SingleTableSchema = """
        CREATE TABLE log_entries (id INTEGER PRIMARY KEY, message_type TEXT NOT NULL, log_id TEXT NOT NULL, node_id TEXT NOT NULL,
            service_name TEXT NOT NULL, level INTEGER NOT NULL, ts INTEGER NOT NULL, message TEXT NOT NULL, response_time_ms REAL,
            threshold_limit_ms REAL, error_code TEXT, error_message TEXT, props_text TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (log_id, node_id));
        CREATE VIRTUAL TABLE log_fts USING fts5 (message, props_text, content = 'log_entries', content_rowid = 'id');
        CREATE TRIGGER log_entries_fts_delete AFTER DELETE ON log_entries BEGIN
            INSERT INTO log_fts (log_fts, rowid, message, props_text) VALUES ('delete', old.id, old.message, old.props_text);
        END;
        """;

    [Fact]
    public async Task Entries_of_the_single_table_store_move_into_partitions_and_an_unreadable_one_is_kept_aside()
    {
        using var directory = new TempDirectory();
        var entries = new SawmillMessage[]
        {
            Log("m1", minute: -70, message: "before the hour") with { Properties = Properties("""{"customer": "alice"}""") },
            Log("m2", minute: -1, level: Severity.Error, message: "payment failed") with { ErrorDetails = new ErrorDetails { ErrorCode = "E42" } },
            new Registration { NodeId = "n1", ServiceName = "PaymentService", Timestamp = T0, LogId = "reg-1" },
        };
        await using (var connection = new SqliteConnection($"Data Source={directory.File("sawmill.db")}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SingleTableSchema;
            command.ExecuteNonQuery();
            var bodies = entries.Select(e => (Id: LogIdOf(e), Body: Json(e))).Append(("broken", "{\"message_type\":\"LOG\",")).ToList();
            foreach (var (id, body) in bodies)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO log_entries (message_type, log_id, node_id, service_name, level, ts, message, props_text, body) VALUES ('LOG', $id, 'n1', 's', 1, 0, '', '', $body)";
                insert.Parameters.AddWithValue("$id", id);
                insert.Parameters.AddWithValue("$body", body);
                insert.ExecuteNonQuery();
            }
        }

        await using var harness = new LogStoreHarness(directory: directory);

        Assert.Equal(["reg-1", "m2", "m1"], await harness.SearchIdsAsync(new LogQuery()));
        Assert.Equal(Json(entries[0]), Json((await harness.Store.GetAsync("m1"))!));
        Assert.Equal(["m2"], await harness.SearchIdsAsync(new LogQuery { Text = "payment", Properties = [new("error_code", FilterOperator.Equal, "E42")] }));
        Assert.Equal(3, harness.PartitionFiles().Count); // 10:00, 11:00 and 12:00
        await using var check = new SqliteConnection($"Data Source={directory.File("sawmill.db")}");
        check.Open();
        using var tables = check.CreateCommand();
        tables.CommandText = "SELECT (SELECT count(*) FROM sqlite_master WHERE name IN ('log_entries', 'log_fts')), (SELECT group_concat(log_id) FROM log_quarantine)";
        using var reader = tables.ExecuteReader();
        reader.Read();
        Assert.Equal(0, reader.GetInt64(0));
        Assert.Equal("broken", reader.GetString(1));
    }

    [Fact]
    public async Task A_store_without_the_old_table_opens_without_migrating()
    {
        await using var harness = new LogStoreHarness();
        await harness.AppendAsync(Log("a"));

        await harness.ReopenAsync();

        Assert.Equal(["a"], await harness.SearchIdsAsync(new LogQuery()));
    }
}
