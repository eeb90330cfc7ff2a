using Sawmill.Dashboard.Live;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard.Tests;

public sealed class TailBufferTests
{
    [Fact]
    public void A_flood_shows_the_newest_entries_per_tick_and_counts_the_rest_as_thinned()
    {
        using var subscription = new LiveSubscription(LiveFilter.All, 2000, _ => { });
        var buffer = new TailBuffer(capacity: 500, maxPerTick: 200);
        for (var i = 0; i < 1000; i++) subscription.Offer(Entry(i));

        Assert.Equal(200, buffer.Drain(subscription));

        Assert.Equal(800, subscription.Dropped);
        Assert.Equal(("log-999", "log-800"), (buffer.Rows[0].LogId, buffer.Rows[^1].LogId));
    }

    [Fact]
    public void The_buffer_keeps_its_capacity_newest_first_without_repeating_prefilled_entries()
    {
        using var subscription = new LiveSubscription(LiveFilter.All, 2000, _ => { });
        var buffer = new TailBuffer(capacity: 5, maxPerTick: 200);
        var prefilled = Entry(0);
        buffer.Reset([prefilled]);
        subscription.Offer(prefilled);
        for (var i = 1; i <= 6; i++) subscription.Offer(Entry(i));

        buffer.Drain(subscription);

        Assert.Equal(["log-6", "log-5", "log-4", "log-3", "log-2"], buffer.Rows.Select(r => r.LogId));
        Assert.Equal(0, subscription.Dropped);
    }

    private static LogEntry Entry(int i) => new()
    {
        LogId = $"log-{i}", NodeId = "n1", ServiceName = "S", LogLevel = Severity.Info, Message = "m", Timestamp = DateTimeOffset.UnixEpoch,
    };
}
