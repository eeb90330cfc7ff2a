using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Storage.Sqlite.Logs;
using Sawmill.LogStore.Contract;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.Storage.Sqlite.Tests.Logs;

/// <summary>The partition contract on SQLite, and the file of each partition.</summary>
public sealed class SqliteLogStorePartitionTests : PartitionContract
{
    protected override Task<StoreHarness> OpenAsync(StoreSetup? setup = null) => LogStoreHarness.OpenAsync(setup);

    private static LogStoreOptions Minutes(long countLimit = 100_000) =>
        new() { PartitionSpan = TimeSpan.FromMinutes(1), Retention = TimeSpan.FromDays(3650), CountLimit = countLimit };

    [Fact]
    public async Task Each_entry_lands_in_the_partition_file_of_its_time()
    {
        await using var harness = new LogStoreHarness(Minutes());

        await harness.AppendAsync(Log("a", minute: 0), Log("b", minute: 1), Log("c", minute: 5) with { Timestamp = T0.AddMinutes(5).AddSeconds(59.9) });

        Assert.Equal(["20261121T120000Z-60s.db", "20261121T120100Z-60s.db", "20261121T120500Z-60s.db"], harness.PartitionFiles());
        Assert.Equal(["c", "b", "a"], await harness.SearchIdsAsync(new LogQuery()));
    }
}
