using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Storage.Postgres.Tests.Support;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.Storage.Postgres.Tests.Logs;

/// <summary>Values PostgreSQL cannot hold as they are: stored where they can be, left out alone where they cannot.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLogStorePoisonTests(PostgresServer server)
{
    [Fact]
    public async Task A_nul_character_is_kept_in_the_entry_and_its_words_stay_searchable()
    {
        await using var harness = await PostgresHarness.OpenAsync(server);
        var entry = Log("nul", message: "before\0after") with { Properties = Properties("""{"note": "x\u0000y"}""") };

        await harness.AppendAsync(entry);

        Assert.Equal(Json(entry), Json((await harness.Store.GetAsync("nul"))!));
        Assert.Equal(["nul"], await harness.SearchIdsAsync(new LogQuery { Text = "before after" }));
    }

    [Fact]
    public async Task An_entry_the_database_refuses_is_left_out_alone_and_the_appends_it_shared_a_batch_with_are_stored()
    {
        await using var harness = await PostgresHarness.OpenAsync(server);
        var bad = Log("bad", message: "lone \ud800 surrogate");

        var appends = Enumerable.Range(0, 20)
            .Select(i => harness.Store.AppendAsync([i == 10 ? bad : Log($"good-{i}")]).AsTask())
            .Append(harness.Store.AppendAsync([Log("neighbour"), bad with { LogId = "bad-2" }]).AsTask())
            .ToArray();

        await Task.WhenAll(appends);
        Assert.Equal(20, (await harness.SearchIdsAsync(new LogQuery())).Count);
        Assert.Equal(2, harness.Store.Quarantined);
    }

    [Fact]
    public async Task An_entry_without_a_node_is_left_out_and_the_rest_of_its_batch_is_stored()
    {
        await using var harness = await PostgresHarness.OpenAsync(server);

        await harness.AppendAsync(Log("ok"), Log("no-node") with { NodeId = null! });

        Assert.Equal(["ok"], await harness.SearchIdsAsync(new LogQuery()));
    }
}
