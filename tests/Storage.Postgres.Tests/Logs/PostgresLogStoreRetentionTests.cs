using Sawmill.Grains.Storage;
using Sawmill.Storage.Postgres.Logs;
using Sawmill.Storage.Postgres.Tests.Support;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.Storage.Postgres.Tests.Logs;

/// <summary>Retention drops whole partitions: by age on the store's timer (a manual clock here), by size oldest first.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLogStoreRetentionTests(PostgresServer server)
{
    private const string Partitions = "SELECT tablename FROM pg_tables WHERE tablename LIKE 'log\\_%\\_2%' ORDER BY tablename";

    private Task<PostgresHarness> OpenAsync(long? maxSize = null) => PostgresHarness.OpenAsync(server, configure: o =>
    {
        o.PartitionSpan = TimeSpan.FromMinutes(1);
        o.Retention = TimeSpan.FromMinutes(10);
        o.RetentionCheckPeriod = TimeSpan.FromMinutes(1);
        o.MaxSize = maxSize;
    });

    [Fact]
    public async Task Partitions_older_than_the_retention_are_dropped_by_the_timer_and_older_entries_are_not_taken()
    {
        await using var harness = await OpenAsync();
        await harness.AppendAsync(Log("old", minute: -10) with { Timestamp = T0.AddMinutes(-9.5) }, Log("mid", minute: -5), Log("new", minute: 0));
        Assert.Equal(3, (await harness.Store.GetStatsAsync()).Partitions);

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await harness.Store.LastRetentionPass.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(["log_entries_20261121t115500", "log_entries_20261121t120000", "log_rollups_20261121t115500", "log_rollups_20261121t120000"],
            await PostgresSql.ColumnAsync(harness.Options.ConnectionString, Partitions));
        Assert.Equal(["new", "mid"], await harness.SearchIdsAsync(new LogQuery()));
        Assert.Equal(["mid", "new"], await PostgresSql.ColumnAsync(harness.Options.ConnectionString, "SELECT log_id FROM log_keys ORDER BY ts"));
        await harness.AppendAsync(Log("too-old") with { Timestamp = T0.AddMinutes(-9.5) });
        Assert.Equal(1, harness.Store.Expired);
        Assert.Equal(2, (await harness.Store.GetStatsAsync()).Partitions);
    }

    [Fact]
    public async Task Over_the_size_limit_the_oldest_partitions_go_and_the_newest_always_stays()
    {
        await using var harness = await OpenAsync(maxSize: 1);
        await harness.AppendAsync(Log("a", minute: -3), Log("b", minute: -2), Log("c", minute: -1));

        Assert.Equal(2, await harness.Store.EnforceRetentionAsync());

        Assert.Equal(["log_entries_20261121t115900", "log_rollups_20261121t115900"], await PostgresSql.ColumnAsync(harness.Options.ConnectionString, Partitions));
        Assert.Equal(["c"], await harness.SearchIdsAsync(new LogQuery()));
    }

    [Fact]
    public async Task A_time_whose_partition_was_dropped_gets_a_new_one_when_entries_come_again()
    {
        await using var harness = await OpenAsync(maxSize: 1);
        await harness.AppendAsync(Log("a", minute: -2), Log("b", minute: -1));
        Assert.Equal(1, await harness.Store.EnforceRetentionAsync());

        await harness.AppendAsync(Log("a", minute: -2, message: "again"));

        Assert.Equal(["b", "a"], await harness.SearchIdsAsync(new LogQuery()));
        Assert.Equal("again", ((Grains.Interfaces.LogEntry)(await harness.Store.GetAsync("a"))!).Message);
    }

    [Fact]
    public async Task Stats_tell_the_size_the_partition_count_and_the_oldest_entry()
    {
        await using var harness = await OpenAsync();
        Assert.Equal(new LogStoreStats(0, 0, null), await harness.Store.GetStatsAsync());

        await harness.AppendAsync(Log("b", minute: -1), Log("a", minute: -3) with { Timestamp = T0.AddMinutes(-3).AddSeconds(7) }, Log("c"));
        var stats = await harness.Store.GetStatsAsync();

        Assert.Equal(3, stats.Partitions);
        Assert.Equal(T0.AddMinutes(-3).AddSeconds(7), stats.OldestEntry);
        var tables = await PostgresSql.ColumnAsync(harness.Options.ConnectionString,
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent IN ('log_entries'::regclass, 'log_rollups'::regclass) AND c.relkind = 'r'");
        Assert.Equal(long.Parse(tables.Single(), System.Globalization.CultureInfo.InvariantCulture), stats.SizeBytes);
    }

    [Fact]
    public void Unusable_options_are_refused_with_the_setting_and_why()
    {
        var options = new PostgresStoreOptions { ConnectionString = "Host=x", PartitionSpan = TimeSpan.FromMinutes(7) };

        Assert.Contains("PartitionSpan", options.Validate());
        Assert.Contains("ConnectionString", new PostgresStoreOptions().Validate());
        Assert.Null(new PostgresStoreOptions { ConnectionString = "Host=x", PartitionSpan = TimeSpan.FromDays(1) }.Validate());
    }
}
