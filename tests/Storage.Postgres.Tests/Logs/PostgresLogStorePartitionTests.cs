using Npgsql;
using Sawmill.Grains.Storage;
using Sawmill.LogStore.Contract;
using Sawmill.Storage.Postgres.Tests.Support;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.Storage.Postgres.Tests.Logs;

/// <summary>The partition contract on PostgreSQL, and the partition tables behind it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLogStorePartitionTests(PostgresServer server) : PartitionContract
{
    protected override async Task<StoreHarness> OpenAsync(StoreSetup? setup = null) => await PostgresHarness.OpenAsync(server, setup);

    [Fact]
    public async Task Each_entry_lands_in_the_partition_table_of_its_time_and_its_rollups_beside_it()
    {
        await using var harness = await PostgresHarness.OpenAsync(server, new StoreSetup(TimeSpan.FromMinutes(1)));

        await harness.AppendAsync(Log("a", minute: 0), Log("b", minute: 1), Log("c", minute: 5) with { Timestamp = T0.AddMinutes(5).AddSeconds(59.9) });

        Assert.Equal(["log_entries_20261121t120000 a", "log_entries_20261121t120100 b", "log_entries_20261121t120500 c"],
            await PostgresSql.ColumnAsync(harness.Options.ConnectionString, "SELECT tableoid::regclass || ' ' || log_id FROM log_entries ORDER BY ts"));
        Assert.Equal(["log_rollups_20261121t120000 1", "log_rollups_20261121t120100 1", "log_rollups_20261121t120500 1"],
            await PostgresSql.ColumnAsync(harness.Options.ConnectionString, "SELECT tableoid::regclass || ' ' || entries FROM log_rollups ORDER BY bucket"));
        Assert.Equal(["c", "b", "a"], await harness.SearchIdsAsync(new LogQuery()));
    }

    [Fact]
    public async Task A_database_keeps_the_partition_span_it_was_made_with()
    {
        await using var harness = await PostgresHarness.OpenAsync(server, new StoreSetup(TimeSpan.FromMinutes(1)));
        await harness.AppendAsync(Log("a", minute: 0));

        harness.Options.PartitionSpan = TimeSpan.FromHours(1);
        await harness.ReopenAsync();
        await harness.AppendAsync(Log("b", minute: 1));

        Assert.Equal(["60000000"], await PostgresSql.ColumnAsync(harness.Options.ConnectionString,
            "SELECT DISTINCT (end_micros - start_micros)::text FROM log_partitions"));
        Assert.Equal(["b", "a"], await harness.SearchIdsAsync(new LogQuery()));
    }

    [Fact]
    public async Task Two_stores_on_one_database_share_the_partitions_and_the_log_id_rule()
    {
        await using var first = await PostgresHarness.OpenAsync(server, new StoreSetup(TimeSpan.FromMinutes(1)));
        // The database takes the span of the store that initialises it first: let that be the first store's minute,
        // so the second (made with the default hour) has to adopt it.
        Assert.Equal(0, (await first.LogStore.GetStatsAsync()).Partitions);
        await using var second = await PostgresHarness.OpenAsync(server, configure: o => o.ConnectionString = first.Options.ConnectionString);

        await Task.WhenAll(
            first.AppendAsync(Log("x", minute: 0), Log("y", minute: 1)).AsTask(),
            second.AppendAsync(Log("x", minute: 0), Log("z", minute: 2)).AsTask());

        Assert.Equal(["z", "y", "x"], await second.SearchIdsAsync(new LogQuery()));
        Assert.Equal(3, (await first.LogStore.GetStatsAsync()).Partitions);
    }

    [Fact]
    public async Task A_total_of_exactly_the_count_limit_is_exact_and_one_more_is_at_least_the_limit()
    {
        await using var harness = await PostgresHarness.OpenAsync(server, new StoreSetup(CountLimit: 5));
        await harness.AppendAsync(Enumerable.Range(0, 6).Select(i => (Grains.Interfaces.SawmillMessage)Log($"t{i}", minute: i, message: i < 5 ? "five" : "six")).ToArray());

        var five = await harness.LogStore.SearchAsync(new LogQuery { Text = "five", Limit = 1 });
        var six = await harness.LogStore.SearchAsync(new LogQuery { Text = "five OR six", Limit = 1 });

        Assert.Equal((5L, true), (five.Total, five.TotalIsExact));
        Assert.Equal((5L, false), (six.Total, six.TotalIsExact));
    }
}
