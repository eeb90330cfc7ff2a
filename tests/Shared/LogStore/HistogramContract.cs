using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.LogStore.Contract;

/// <summary>Counts per level per bucket, aligned to the epoch, filtered like searches.</summary>
public abstract class HistogramContract : LogStoreContract
{
    private static readonly SawmillMessage[] Entries =
    [
        Log("a", level: Severity.Info) with { Timestamp = T0.AddSeconds(10) },
        Log("b", level: Severity.Info) with { Timestamp = T0.AddSeconds(50) },
        Log("c", level: Severity.Error) with { Timestamp = T0.AddSeconds(59.999) },
        Log("d", level: Severity.Warn) with { Timestamp = T0.AddMinutes(1) },
        Log("e", level: Severity.Info) with { Timestamp = T0.AddMinutes(3.5).ToOffset(TimeSpan.FromHours(2)) },
        Log("f", level: Severity.Fatal) with { Timestamp = T0.AddMinutes(3.5).AddSeconds(1) },
    ];

    [Fact]
    public async Task Histogram_counts_each_level_per_bucket_oldest_first_without_empty_buckets()
    {
        await using var harness = await OpenAsync();
        await harness.LogStore.AppendAsync(Entries);

        var histogram = await harness.LogStore.HistogramAsync(new LogQuery(), TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.FromMinutes(1), histogram.Interval);
        Assert.Equal(
        [
            $"{T0:O} Info=2 Error=1",
            $"{T0.AddMinutes(1):O} Warn=1",
            $"{T0.AddMinutes(3):O} Info=1 Fatal=1",
        ], histogram.Buckets.Select(DescribeBucket));
    }

    [Fact]
    public async Task Buckets_are_aligned_to_the_epoch_not_to_the_first_entry()
    {
        await using var harness = await OpenAsync();
        await harness.LogStore.AppendAsync(Entries);
        await harness.AppendAsync(Log("g", minute: 5, level: Severity.Debug), Log("h", minute: -3, level: Severity.Debug));

        var histogram = await harness.LogStore.HistogramAsync(new LogQuery(), TimeSpan.FromMinutes(7));

        // 12:00 UTC on 2026-11-21 is 2 minutes past a multiple of 7 minutes since 1970: buckets start at 11:51, 11:58, 12:05.
        Assert.Equal(
        [
            $"{T0.AddMinutes(-9):O} Debug=1",
            $"{T0.AddMinutes(-2):O} Info=3 Warn=1 Error=1 Fatal=1",
            $"{T0.AddMinutes(5):O} Debug=1",
        ], histogram.Buckets.Select(DescribeBucket));
    }

    [Fact]
    public async Task Histogram_applies_the_query_filters()
    {
        await using var harness = await OpenAsync();
        await harness.LogStore.AppendAsync(Entries);

        var histogram = await harness.LogStore.HistogramAsync(
            new LogQuery { Levels = new HashSet<Severity> { Severity.Info, Severity.Warn }, To = T0.AddMinutes(3), Limit = 1, Cursor = "ignored" },
            TimeSpan.FromMinutes(1));

        Assert.Equal([$"{T0:O} Info=2", $"{T0.AddMinutes(1):O} Warn=1"], histogram.Buckets.Select(DescribeBucket));
    }

    [Fact]
    public async Task Interval_that_is_not_positive_is_rejected()
    {
        await using var harness = await OpenAsync();

        var error = await Assert.ThrowsAsync<QuerySyntaxException>(async () =>
            await harness.LogStore.HistogramAsync(new LogQuery(), TimeSpan.Zero));

        Assert.Equal("interval", error.Parameter);
    }

    [Fact]
    public async Task Interval_making_more_than_ten_thousand_buckets_is_rejected()
    {
        await using var harness = await OpenAsync();

        var error = await Assert.ThrowsAsync<QuerySyntaxException>(async () =>
            await harness.LogStore.HistogramAsync(new LogQuery { From = T0, To = T0.AddDays(1) }, TimeSpan.FromSeconds(1)));

        Assert.Equal("interval", error.Parameter);
    }
}
