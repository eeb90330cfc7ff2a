using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sawmill.Grains.Interfaces;
using Sawmill.Storage.Sqlite.Logs;
using Sawmill.LogStore.Contract;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.Storage.Sqlite.Tests.Logs;

/// <summary>SPEC.md: an item that passed validation but that the store cannot take is set aside on its own.</summary>
public sealed class SqliteLogStorePoisonTests
{
    [Fact]
    public async Task An_entry_that_cannot_be_made_a_row_is_dropped_alone_and_its_batch_is_stored()
    {
        await using var harness = new LogStoreHarness();
        var document = JsonDocument.Parse("\"gone\"");
        var poison = Log("poison") with { Properties = new() { ["field"] = document.RootElement } };
        document.Dispose(); // its property can no longer be read: serialising the entry throws

        await harness.AppendAsync(Log("a"), poison, Log("b"));

        Assert.Equal(["b", "a"], await harness.SearchIdsAsync(new()));
        Assert.Equal(1, harness.Store.Quarantined);
    }

    [Fact]
    public async Task A_row_the_database_refuses_is_quarantined_and_the_rows_of_its_request_are_stored()
    {
        await using var harness = new LogStoreHarness();
        var rows = LogRow.From([Log("a"), Log("bad"), Log("b")], harness.Time, new RepeatedValues(), (_, ex) => throw ex);
        rows[1] = rows[1] with { Message = null! }; // a value the database cannot take: not a passing failure of the store

        await harness.Store.WriteRowsAsync(rows);

        Assert.Equal(1, harness.Store.Quarantined);

        Assert.Equal(["b", "a"], await harness.SearchIdsAsync(new()));
        await using var check = new SqliteDatabase(harness.DatabasePath).Open();
        await using var command = check.CreateCommand();
        command.CommandText = "SELECT log_id, error FROM log_quarantine";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("bad", reader.GetString(0));
        Assert.False(string.IsNullOrWhiteSpace(reader.GetString(1)), "the quarantine says why");
        Assert.False(await reader.ReadAsync());
    }
}
