using System.Threading.Channels;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Alerting;

/// <summary>One subscriber's queue; dispose it to unsubscribe.</summary>
public sealed class AlertSubscription : IDisposable
{
    private readonly Channel<AlertNotification> _channel;
    private readonly Action _unsubscribe;
    private long _dropped;

    internal AlertSubscription(int capacity, Action unsubscribe)
    {
        _unsubscribe = unsubscribe;
        _channel = Channel.CreateBounded<AlertNotification>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public ChannelReader<AlertNotification> Reader => _channel.Reader;

    /// <summary>Notifications lost because this subscriber fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal void Offer(AlertNotification notification) => _channel.Writer.TryWrite(notification);

    public void Dispose()
    {
        _unsubscribe();
        _channel.Writer.TryComplete();
    }
}
