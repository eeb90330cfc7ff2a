using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.LogStore.Contract;

/// <summary>Appending: every field round-trips, (node_id, log_id) is stored once, restarts keep everything, concurrent appends all land.</summary>
public abstract class AppendContract : LogStoreContract
{
    [Fact]
    public async Task Every_field_of_a_log_entry_comes_back_intact()
    {
        await using var harness = await OpenAsync();
        var entry = Log("w-1", level: Severity.Error, message: "Payment failed") with
        {
            Timestamp = new DateTimeOffset(2026, 11, 21, 14, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567),
            ResponseTimeMs = 812.5,
            ThresholdLimitMs = 500,
            ErrorDetails = new ErrorDetails
            {
                ErrorCode = "E42",
                ErrorMessage = "card declined",
                Properties = Properties("""{"retryable": true, "attempt": 3}"""),
            },
            Properties = Properties("""
                {"customer": "alice", "amount": 19.99, "big": 12345678901234, "vip": false, "none": null,
                 "tags": ["a", 1, {"b": "c"}], "address": {"city": "Zürich", "zip": "8001"}}
                """),
        };

        await harness.AppendAsync(entry);
        var stored = Assert.IsType<LogEntry>(await harness.LogStore.GetAsync("w-1"));

        Assert.Equal(Json(entry), Json(stored));
        Assert.Equal(TimeSpan.FromHours(2), stored.Timestamp.Offset);
        Assert.Equal(entry.Timestamp.UtcTicks, stored.Timestamp.UtcTicks);
        Assert.Equal("""{"b":"c"}""", stored.Properties!["tags"][2].GetRawText());
        Assert.Equal(3, stored.ErrorDetails!.Properties!["attempt"].GetInt32());
    }

    [Fact]
    public async Task Registration_is_stored_as_an_info_entry_with_its_metadata_and_an_assigned_id()
    {
        await using var harness = await OpenAsync();
        var registration = new Registration
        {
            NodeId = "n1",
            ServiceName = "PaymentService",
            Timestamp = T0,
            Properties = Properties("""{"host": "web-1", "version": "1.2.3", "cores": 8}"""),
        };

        await harness.AppendAsync(registration);
        var page = await harness.LogStore.SearchAsync(new LogQuery { Levels = new HashSet<Severity> { Severity.Info } });

        var stored = Assert.IsType<Registration>(Assert.Single(page.Items));
        Assert.False(string.IsNullOrEmpty(stored.LogId));
        Assert.Equal(Json(registration with { LogId = stored.LogId }), Json(stored));
        Assert.Equal(Json(stored), Json((await harness.LogStore.GetAsync(stored.LogId!, "n1"))!));
        var found = await harness.LogStore.SearchAsync(new LogQuery { Text = "\"n1 registered\" PaymentService" });
        Assert.Equal(stored.LogId, LogIdOf(Assert.Single(found.Items)));
    }

    [Fact]
    public async Task Repeated_log_id_from_the_same_node_is_stored_once()
    {
        await using var harness = await OpenAsync();

        await harness.AppendAsync(Log("a", message: "first"), Log("a", message: "retry in the same batch"));
        await harness.AppendAsync(Log("a", message: "retry in a later batch"));

        var stored = Assert.IsType<LogEntry>(Assert.Single((await harness.LogStore.SearchAsync(new LogQuery())).Items));
        Assert.Equal("first", stored.Message);
    }

    [Fact]
    public async Task Same_log_id_from_two_nodes_is_two_entries_and_get_returns_the_newest_or_the_named_node()
    {
        await using var harness = await OpenAsync();

        await harness.AppendAsync(Log("a", minute: 1, node: "n1"), Log("a", minute: 2, node: "n2"));

        Assert.Equal(["a", "a"], await harness.SearchIdsAsync(new LogQuery()));
        Assert.Equal("n2", (await harness.LogStore.GetAsync("a"))!.NodeId);
        Assert.Equal("n1", (await harness.LogStore.GetAsync("a", "n1"))!.NodeId);
        Assert.Null(await harness.LogStore.GetAsync("a", "n3"));
        Assert.Null(await harness.LogStore.GetAsync("missing"));
    }

    [Fact]
    public async Task Heartbeats_and_node_events_are_not_stored()
    {
        await using var harness = await OpenAsync();

        await harness.AppendAsync(new Heartbeat { NodeId = "n1", Timestamp = T0 });
        await harness.AppendAsync(new Heartbeat { NodeId = "n1", Timestamp = T0 }, Log("kept"));

        Assert.Equal(["kept"], await harness.SearchIdsAsync(new LogQuery()));
    }

    [Fact]
    public async Task Entries_survive_closing_and_reopening_the_store()
    {
        await using var harness = await OpenAsync();
        await harness.AppendAsync(Log("a", minute: 1, message: "before restart"), Log("b", minute: 2));

        await harness.ReopenAsync();
        await harness.AppendAsync(Log("a", message: "duplicate after restart"), Log("c", minute: 3));

        Assert.Equal(["c", "b", "a"], await harness.SearchIdsAsync(new LogQuery()));
        Assert.Equal("before restart", ((LogEntry)(await harness.LogStore.GetAsync("a"))!).Message);
        Assert.Equal(["a"], await harness.SearchIdsAsync(new LogQuery { Text = "restart" }));
    }

    [Fact]
    public async Task Concurrent_appends_from_many_tasks_all_complete_with_every_row_stored()
    {
        await using var harness = await OpenAsync();
        const int tasks = 40, batchesPerTask = 25, batchSize = 10;

        await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            for (var b = 0; b < batchesPerTask; b++)
            {
                var batch = Enumerable.Range(0, batchSize)
                    .Select(i => Log($"t{t}-b{b}-{i}", minute: b, node: $"n{t}", message: $"task {t} batch {b}"))
                    .ToArray();
                await harness.LogStore.AppendAsync(batch);
            }
        })));

        var expected = from t in Enumerable.Range(0, tasks)
                       from b in Enumerable.Range(0, batchesPerTask)
                       from i in Enumerable.Range(0, batchSize)
                       select $"t{t}-b{b}-{i}";
        Assert.Equal(expected.Order(), (await harness.SearchIdsAsync(new LogQuery())).Order());
    }

    [Fact]
    public async Task Append_after_dispose_is_refused()
    {
        await using var harness = await OpenAsync();
        await ((IAsyncDisposable)harness.LogStore).DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await harness.AppendAsync(Log("late")));
    }
}
