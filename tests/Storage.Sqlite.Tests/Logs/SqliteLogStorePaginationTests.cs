using Microsoft.Data.Sqlite;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Grains.Tests.Support;
using Sawmill.Storage.Sqlite;
using Sawmill.Storage.Sqlite.Logs;
using Sawmill.LogStore.Contract;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.Storage.Sqlite.Tests.Logs;

public sealed class SqliteLogStorePaginationTests : PaginationContract
{
    protected override Task<StoreHarness> OpenAsync(StoreSetup? setup = null) => LogStoreHarness.OpenAsync(setup);

    [Theory]
    [InlineData(null)]
    [InlineData("payment")]
    [InlineData("NOT payment")]
    public async Task Newest_first_order_is_the_rowid_order_without_sorting(string? text)
    {
        await using var harness = new LogStoreHarness();
        await harness.AppendAsync(Log("a", message: "payment"));
        var filter = EntryFilter.For(new LogQuery { Text = text, Levels = new HashSet<Severity> { Severity.Error } });
        using var connection = new SqliteConnection($"Data Source={Path.Combine(harness.LogsPath, Assert.Single(harness.PartitionFiles()))}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + PartitionQueries.PageSql(filter);
        foreach (var name in new[] { "$lo", "$hi", "$limit", "$match" }) command.Parameters.AddWithValue(name, name == "$match" ? "x" : 1);

        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                plan.Add(reader.GetString(3));
        }

        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
