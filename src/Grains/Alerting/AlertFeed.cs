using System.Collections.Concurrent;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Alerting;

/// <summary>An in-process feed of alert notifications. The unkeyed one carries the whole cluster's (the dashboard's);
/// the one keyed <see cref="WebhooksKey"/> only those the alert grain raised on this silo. Each subscriber has its own
/// bounded queue that drops its oldest entries when full, so a slow subscriber never holds up alerting.</summary>
public sealed class AlertFeed
{
    /// <summary>The service key of the feed the webhooks read.</summary>
    public const string WebhooksKey = "webhooks";

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
