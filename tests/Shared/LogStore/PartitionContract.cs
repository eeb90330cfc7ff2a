using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.LogStore.Contract;

/// <summary>Time partitions of one minute, so a test spans several of them: order, ranges, the (node_id, log_id) rule
/// across partitions, paging across boundaries, rollup histograms, exact and "at least" totals.</summary>
public abstract class PartitionContract : LogStoreContract
{
    private static StoreSetup Minutes(long countLimit = 100_000) => new(TimeSpan.FromMinutes(1), countLimit);

    [Fact]
    public async Task Late_and_out_of_order_entries_are_found_in_time_order_and_by_time_range()
    {
        await using var harness = await OpenAsync(Minutes());
        await harness.AppendAsync(Log("new", minute: 9), Log("older", minute: 4));
        await harness.AppendAsync(Log("late", minute: 2), Log("later", minute: 9) with { Timestamp = T0.AddMinutes(9).AddSeconds(-1) });
        await harness.AppendAsync(Log("latest-but-sent-last", minute: 3));

        Assert.Equal(["new", "later", "older", "latest-but-sent-last", "late"], await harness.SearchIdsAsync(new LogQuery()));
        Assert.Equal(["latest-but-sent-last", "late"], await harness.SearchIdsAsync(new LogQuery { From = T0.AddMinutes(2), To = T0.AddMinutes(4) }));
    }

    [Fact]
    public async Task A_repeated_node_and_log_id_is_stored_once_even_when_its_time_moved_to_another_partition()
    {
        await using var harness = await OpenAsync(Minutes());

        await harness.AppendAsync(Log("dup", minute: 0, message: "first"), Log("dup", minute: 1, message: "same batch, next partition"));
        await harness.AppendAsync(Log("dup", minute: 2, message: "later batch, another partition"));
        await harness.AppendAsync(Log("dup", minute: 2, node: "n2", message: "another node may use the id"));

        var page = await harness.LogStore.SearchAsync(new LogQuery());
        Assert.Equal(["another node may use the id", "first"], page.Items.Cast<LogEntry>().Select(e => e.Message));
        Assert.Equal("first", Assert.IsType<LogEntry>(await harness.LogStore.GetAsync("dup", "n1")).Message);
    }

    [Fact]
    public async Task Pages_cross_partition_boundaries_without_losing_or_repeating_entries()
    {
        await using var harness = await OpenAsync(Minutes());
        var rows = Enumerable.Range(0, 95).Select(i => Log($"r{i:D3}") with { Timestamp = T0.AddSeconds(i * 7) }).ToArray();
        await harness.LogStore.AppendAsync(rows.Reverse().ToArray());

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await harness.LogStore.SearchAsync(new LogQuery { Limit = 7, Cursor = cursor });
            seen.AddRange(page.Items.Select(LogIdOf));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.True((await harness.LogStore.GetStatsAsync()).Partitions >= 11);
        Assert.Equal(rows.Reverse().Select(r => r.LogId), seen);
    }

    [Fact]
    public async Task Rollup_histograms_equal_histograms_counted_from_the_rows()
    {
        await using var harness = await OpenAsync(Minutes());
        var random = new Random(7);
        var entries = Enumerable.Range(0, 2000).Select(i => Log($"h{i}", level: (Severity)random.Next(5),
            service: random.Next(2) == 0 ? "PaymentService" : "OrderService", node: $"n{random.Next(4)}") with
        {
            Timestamp = T0.AddMilliseconds(random.Next(10 * 60 * 1000)),
        }).ToArray();
        await harness.LogStore.AppendAsync(entries);

        foreach (var query in new[]
        {
            new LogQuery(),
            new LogQuery { Levels = new HashSet<Severity> { Severity.Error, Severity.Fatal } },
            new LogQuery { Services = ["PaymentService"], Nodes = ["n1", "n2"] },
            new LogQuery { Nodes = ["n3"], From = T0.AddSeconds(90.5), To = T0.AddMinutes(7).AddSeconds(3) },
        })
        {
            foreach (var interval in new[] { TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(45) })
            {
                var fromRollups = await harness.LogStore.HistogramAsync(query, interval);
                // A field filter every entry passes: the rollups cannot answer it, so the rows are counted.
                var counted = await harness.LogStore.HistogramAsync(query with { Properties = [new("message_type", FilterOperator.Equal, "LOG")] }, interval);
                var expected = Expected(entries.Where(e => Matches(query, e)), interval);

                Assert.Equal(expected, fromRollups.Buckets.Select(DescribeBucket));
                Assert.Equal(expected, counted.Buckets.Select(DescribeBucket));
            }
        }
    }

    [Fact]
    public async Task The_first_page_says_how_many_entries_match_exactly_or_at_least()
    {
        await using var harness = await OpenAsync(Minutes(countLimit: 50));
        await harness.LogStore.AppendAsync(Enumerable.Range(0, 300)
            .Select(i => Log($"t{i}", level: i % 3 == 0 ? Severity.Error : Severity.Info, message: i % 2 == 0 ? "even payment" : "odd")
                with { Timestamp = T0.AddSeconds(i) }).ToArray());

        var byLevel = await harness.LogStore.SearchAsync(new LogQuery { Levels = new HashSet<Severity> { Severity.Error }, Limit = 10 });
        var rare = await harness.LogStore.SearchAsync(new LogQuery { Text = "even", Levels = new HashSet<Severity> { Severity.Error }, From = T0.AddSeconds(200), Limit = 10 });
        var common = await harness.LogStore.SearchAsync(new LogQuery { Text = "payment", Limit = 10 });
        var next = await harness.LogStore.SearchAsync(new LogQuery { Text = "payment", Limit = 10, Cursor = common.NextCursor });

        Assert.Equal((100L, true), (byLevel.Total, byLevel.TotalIsExact));
        Assert.Equal((16L, true), (rare.Total, rare.TotalIsExact));
        Assert.False(common.TotalIsExact, "150 matches are more than a count limit of 50 examines");
        Assert.InRange(common.Total!.Value, 10, 150);
        Assert.Null(next.Total);
    }

    private static bool Matches(LogQuery query, LogEntry entry) =>
        (query.Levels is null || query.Levels.Contains(entry.LogLevel))
        && (query.Services is null || query.Services.Contains(entry.ServiceName))
        && (query.Nodes is null || query.Nodes.Contains(entry.NodeId))
        && (query.From is null || entry.Timestamp >= query.From) && (query.To is null || entry.Timestamp < query.To);

    private static List<string> Expected(IEnumerable<LogEntry> entries, TimeSpan interval) => entries
        .GroupBy(e => DateTimeOffset.UnixEpoch.AddTicks((e.Timestamp - DateTimeOffset.UnixEpoch).Ticks / interval.Ticks * interval.Ticks))
        .OrderBy(g => g.Key)
        .Select(g => $"{g.Key:O} " + string.Join(" ", g.GroupBy(e => e.LogLevel).OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Count()}")))
        .ToList();
}
