using Microsoft.Data.Sqlite;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Grains.Tests.Support;
using Sawmill.Storage.Sqlite;
using Sawmill.Storage.Sqlite.Logs;
using Sawmill.LogStore.Contract;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.Storage.Sqlite.Tests.Logs;

public sealed class SqliteLogStoreAppendTests : AppendContract
{
    protected override Task<StoreHarness> OpenAsync(StoreSetup? setup = null) => LogStoreHarness.OpenAsync(setup);

    [Fact]
    public async Task An_entry_the_database_refuses_is_set_aside_without_failing_the_appends_it_shared_a_commit_with()
    {
        await using var harness = new LogStoreHarness();
        var bad = Log("bad") with { NodeId = null! };

        var appends = Enumerable.Range(0, 20)
            .Select(i => harness.Store.AppendAsync([i == 10 ? bad : Log($"good-{i}")]).AsTask())
            .ToArray();

        await Task.WhenAll(appends);
        Assert.Equal(19, (await harness.SearchIdsAsync(new LogQuery())).Count);
        Assert.Equal(1, harness.Store.Quarantined);
    }
}
