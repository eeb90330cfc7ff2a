using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Storage.Postgres.Tests.Support;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.Storage.Postgres.Tests.Logs;

/// <summary>The single writer behind a bounded queue: callers wait for room, and everything they were told is stored is.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLogStoreWriterTests(PostgresServer server)
{
    [Fact]
    public async Task Appends_beyond_the_queue_capacity_wait_for_room_and_all_land()
    {
        await using var harness = await PostgresHarness.OpenAsync(server, configure: o => o.QueueCapacity = 1);

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
            await harness.AppendAsync(Log($"q{i}", minute: i % 7), Log($"q{i}-b", minute: i % 5)))));

        Assert.Equal(200, (await harness.SearchIdsAsync(new LogQuery())).Count);
        var histogram = await harness.Store.HistogramAsync(new LogQuery(), TimeSpan.FromHours(1));
        Assert.Equal(200, Assert.Single(histogram.Buckets).Counts[Severity.Info]);
    }

    [Fact]
    public async Task An_append_racing_dispose_is_either_stored_or_refused_as_disposed()
    {
        var harness = await PostgresHarness.OpenAsync(server);
        var appends = Enumerable.Range(0, 20).Select(i => harness.AppendAsync(Log($"d{i}")).AsTask()).ToArray();

        await harness.Store.DisposeAsync();
        var outcomes = new List<bool>();
        foreach (var append in appends)
        {
            var error = await Record.ExceptionAsync(() => append);
            Assert.True(error is null or ObjectDisposedException, $"an append failed with {error}");
            outcomes.Add(error is null);
        }
        await harness.ReopenAsync();

        Assert.Equal(outcomes.Count(stored => stored), (await harness.SearchIdsAsync(new LogQuery())).Count);
        await harness.DisposeAsync();
    }
}
