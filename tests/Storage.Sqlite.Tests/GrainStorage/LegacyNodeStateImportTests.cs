using Microsoft.Data.Sqlite;
using Orleans;
using Orleans.Runtime;
using Sawmill.Grains.Nodes;
using Sawmill.Grains.Tests.Support;
using Sawmill.Storage.Sqlite.GrainStorage;
using Sawmill.Storage.Sqlite.Reminders;

namespace Sawmill.Storage.Sqlite.Tests.GrainStorage;

/// <summary>A data folder written by the pre-Orleans runtime: its node states come along.</summary>
public sealed class LegacyNodeStateImportTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Node_states_of_the_old_tables_are_read_by_the_Orleans_storage()
    {
        var path = _directory.File("sawmill.db");
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            SqliteDatabase.Execute(connection, """
                CREATE TABLE grain_state (grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, data TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (grain_type, grain_key));
                CREATE TABLE reminders (grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, name TEXT NOT NULL, first_due_us INTEGER NOT NULL, period_us INTEGER NOT NULL);
                INSERT INTO grain_state VALUES ('NodeGrain', 'pay-1', '{"known":true,"serviceName":"PaymentService","reminderRegistered":true,"liveness":{"status":0,"watched":true}}', 1);
                INSERT INTO grain_state VALUES ('NodeGrain', 'gone-1', '{"known":true,"serviceName":"OldService","reminderRegistered":false,"liveness":{"status":1,"watched":true}}', 1);
                """);
        }
        var database = new SqliteDatabase(path);

        var storage = new SqliteGrainStorage(database);
        _ = new SqliteReminderTable(database);

        var states = new List<(string Key, NodeState State)>();
        await foreach (var stored in storage.ReadAllAsync<NodeState>(NodeGrain.StateName, CancellationToken.None)) states.Add(stored);
        Assert.Equal(["gone-1", "pay-1"], states.Select(s => s.Key).Order());
        Assert.Equal("PaymentService", states.Single(s => s.Key == "pay-1").State.ServiceName);
        var state = new GrainState<NodeState>(new NodeState());
        await storage.ReadStateAsync(NodeGrain.StateName, GrainId.Create("node", "pay-1"), state);
        Assert.True(state.RecordExists, "a node grain activated for pay-1 reads the imported state");

        // Imported once: the old tables are kept aside, and opening again changes nothing.
        _ = new SqliteGrainStorage(database);
        await using var check = database.Open();
        await using var command = check.CreateCommand();
        command.CommandText = "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'legacy_%' ORDER BY name)";
        Assert.Equal("legacy_grain_state,legacy_reminders", await command.ExecuteScalarAsync());
    }

    public void Dispose() => _directory.Dispose();
}
