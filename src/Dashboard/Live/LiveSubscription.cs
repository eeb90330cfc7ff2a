using System.Threading.Channels;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard.Live;

/// <summary>One viewer's live entries: a bounded queue that drops its oldest entries when the viewer falls behind,
/// and counts them, so the page can say it is thinned. Dispose to stop.</summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly Channel<LogEntry> _channel;
    private readonly Action<LiveSubscription> _unsubscribe;
    private long _dropped;

    internal LiveSubscription(LiveFilter filter, int capacity, Action<LiveSubscription> unsubscribe)
    {
        Filter = filter;
        _unsubscribe = unsubscribe;
        _channel = Channel.CreateBounded<LogEntry>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public LiveFilter Filter { get; }

    public ChannelReader<LogEntry> Reader => _channel.Reader;

    /// <summary>Entries that matched but were dropped because the viewer could not keep up.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Counts entries the viewer decided not to show (thinning under load).</summary>
    public void CountThinned(long count) => Interlocked.Add(ref _dropped, count);

    internal void Offer(LogEntry entry) => _channel.Writer.TryWrite(entry);

    public void Dispose()
    {
        _unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}
