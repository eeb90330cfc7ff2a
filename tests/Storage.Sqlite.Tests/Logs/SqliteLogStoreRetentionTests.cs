using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Storage.Sqlite.Logs;
using Sawmill.LogStore.Contract;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.Storage.Sqlite.Tests.Logs;

/// <summary>Retention drops whole partitions: by age on the store's timer (a manual clock here), by size oldest first.</summary>
public sealed class SqliteLogStoreRetentionTests
{
    private static LogStoreOptions Options(long? maxSize = null) => new()
    {
        PartitionSpan = TimeSpan.FromMinutes(1),
        Retention = TimeSpan.FromMinutes(10),
        RetentionCheckPeriod = TimeSpan.FromMinutes(1),
        MaxSize = maxSize,
    };

    [Fact]
    public async Task Partitions_older_than_the_retention_are_dropped_by_the_timer_and_older_entries_are_not_taken()
    {
        await using var harness = new LogStoreHarness(Options());
        await harness.AppendAsync(Log("old", minute: -10) with { Timestamp = T0.AddMinutes(-9.5) }, Log("mid", minute: -5), Log("new", minute: 0));
        Assert.Equal(3, harness.PartitionFiles().Count);

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await harness.Store.LastRetentionPass.WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(["20261121T115500Z-60s.db", "20261121T120000Z-60s.db"], harness.PartitionFiles());
        Assert.Equal(["new", "mid"], await harness.SearchIdsAsync(new LogQuery()));
        await harness.AppendAsync(Log("too-old") with { Timestamp = T0.AddMinutes(-9.5) });
        Assert.Equal(1, harness.Store.Expired);
        Assert.Equal(2, harness.PartitionFiles().Count);
    }

    [Fact]
    public async Task Over_the_size_limit_the_oldest_partitions_go_and_the_newest_always_stays()
    {
        await using var harness = new LogStoreHarness(Options(maxSize: 1));
        await harness.AppendAsync(Log("a", minute: -3), Log("b", minute: -2), Log("c", minute: -1));

        Assert.Equal(2, await harness.Store.EnforceRetentionAsync());

        Assert.Equal(["20261121T115900Z-60s.db"], harness.PartitionFiles());
        Assert.Equal(["c"], await harness.SearchIdsAsync(new LogQuery()));
    }

    [Fact]
    public void Size_retention_drops_oldest_first_until_the_rest_fits()
    {
        var layout = new PartitionLayout(TimeSpan.FromMinutes(1));
        var newestFirst = Enumerable.Range(0, 4).Reverse().Select(i => new LogPartition($"p{i}.db", i, layout.StartOf(i), layout.StartOf(i + 1))).ToList();

        var drop = LogRetention.Select(newestFirst, layout.StartOf(4), TimeSpan.FromDays(1), maxSize: 25, _ => 10);

        Assert.Equal([1L, 0L], drop.Select(d => d.Partition.Index));
    }

    [Fact]
    public async Task A_dropped_partition_in_use_by_a_reader_is_deleted_when_the_reader_lets_go()
    {
        await using var harness = new LogStoreHarness(Options(maxSize: 1));
        await harness.AppendAsync(Log("a", minute: -2), Log("b", minute: -1));
        var partition = new PartitionCatalog(harness.LogsPath, TimeSpan.FromMinutes(1), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).NewestFirst[^1];
        Assert.True(partition.TryAcquire());

        partition.Drop();

        Assert.True(File.Exists(partition.Path), "a reader still holds it");
        Assert.False(partition.TryAcquire(), "nobody new may take a dropped partition");
        partition.Release();
        Assert.False(File.Exists(partition.Path));
    }

    [Fact]
    public async Task Stats_tell_the_size_the_partition_count_and_the_oldest_entry()
    {
        await using var harness = new LogStoreHarness(Options());
        Assert.Equal(new LogStoreStats(0, 0, null), await harness.Store.GetStatsAsync());

        await harness.AppendAsync(Log("b", minute: -1), Log("a", minute: -3) with { Timestamp = T0.AddMinutes(-3).AddSeconds(7) }, Log("c"));
        var stats = await harness.Store.GetStatsAsync();

        Assert.Equal(3, stats.Partitions);
        Assert.Equal(T0.AddMinutes(-3).AddSeconds(7), stats.OldestEntry);
        Assert.Equal(harness.PartitionFiles().Sum(f => new FileInfo(Path.Combine(harness.LogsPath, f)).Length + WalSize(Path.Combine(harness.LogsPath, f))), stats.SizeBytes);
    }

    private static long WalSize(string path) => File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0;
}
