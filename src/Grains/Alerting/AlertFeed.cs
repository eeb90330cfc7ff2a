using System.Collections.Concurrent;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Alerting;

/// <summary>The in-process feed of alert notifications (dashboard, webhooks). Each subscriber has its own bounded
/// queue that drops its oldest entries when full, so a slow subscriber never holds up alerting.</summary>
public sealed class AlertFeed
{
    private readonly ConcurrentDictionary<AlertSubscription, byte> _subscribers = new();

    /// <summary>How many subscribers are listening.</summary>
    public int SubscriberCount => _subscribers.Count;

    public AlertSubscription Subscribe(int capacity = 1024)
    {
        AlertSubscription? subscription = null;
        subscription = new AlertSubscription(capacity, () => _subscribers.TryRemove(subscription!, out _));
        _subscribers.TryAdd(subscription, 0);
        return subscription;
    }

    public void Publish(IEnumerable<AlertNotification> notifications)
    {
        foreach (var notification in notifications)
        {
            foreach (var subscriber in _subscribers.Keys) subscriber.Offer(notification);
        }
    }
}
