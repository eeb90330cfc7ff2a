using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Utilities;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Alerting;

/// <summary>The alert grain: critical logs and node failures in, deduplicated alerts out (stored, then fed to the
/// webhooks of this silo, so each fires once in a cluster, and to every silo's subscribed <see cref="AlertFeedRelay"/>).
/// Its key is <see cref="Topics.AlertsKey"/>, the key of both streams it consumes.</summary>
[ImplicitStreamSubscription(Topics.CriticalLogs)]
[ImplicitStreamSubscription(Topics.NodeFailure)]
public sealed class AlertGrain(
    IAlertStore store,
    [FromKeyedServices(AlertFeed.WebhooksKey)] AlertFeed webhooks,
    SortableIdGenerator ids,
    IOptions<AlertingOptions> options,
    TimeProvider timeProvider,
    ILogger<AlertGrain> logger) : StreamConsumerGrain, IAlertGrain
{
    private readonly ObserverManager<IAlertObserver> _silos = new(AlertFeedRelay.Lease, logger);
    private AlertBook _book = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _book = new AlertBook(options.Value, ids.Next);
        _book.Load(await store.LoadActiveAsync(cancellationToken));
    }

    public override async Task OnNextAsync(IList<SequentialItem<SawmillMessage>> items)
    {
        var now = timeProvider.GetUtcNow();
        var notifications = new List<AlertNotification>();
        foreach (var item in items)
        {
            notifications.AddRange(item.Item switch
            {
                LogEntry entry => _book.OnLog(entry, now),
                NodeFailure failure => _book.OnNodeFailure(failure, now),
                NodeRecovered recovered => _book.OnNodeRecovered(recovered, now),
                _ => [],
            });
        }
        await SaveAndNotifyAsync(notifications);
    }

    public async ValueTask<Alert?> AcknowledgeAsync(string alertId, string? by)
        => await ChangeAsync(alertId, _book.Acknowledge(alertId, by, timeProvider.GetUtcNow()));

    public async ValueTask<Alert?> ResolveAsync(string alertId, string? by)
        => await ChangeAsync(alertId, _book.Resolve(alertId, by, timeProvider.GetUtcNow()));

    /// <summary>The changed alert, or the stored one when nothing changed (already acknowledged or resolved).</summary>
    private async ValueTask<Alert?> ChangeAsync(string alertId, AlertNotification? change)
    {
        if (change is null) return await store.GetAsync(alertId);
        await SaveAndNotifyAsync([change]);
        return change.Alert;
    }

    public ValueTask SubscribeAsync(IAlertObserver observer)
    {
        _silos.Subscribe(observer, observer);
        return ValueTask.CompletedTask;
    }

    public ValueTask UnsubscribeAsync(IAlertObserver observer)
    {
        _silos.Unsubscribe(observer);
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> GetSubscriberCountAsync()
    {
        _silos.ClearExpired();
        return ValueTask.FromResult(_silos.Count());
    }

    private async Task SaveAndNotifyAsync(List<AlertNotification> notifications)
    {
        if (notifications.Count == 0) return;
        // The last version of each alert in this batch: one row write per alert, however many repeats.
        var latest = notifications.GroupBy(n => n.Alert.AlertId).Select(g => g.Last().Alert).ToList();
        await store.UpsertAsync(latest);
        webhooks.Publish(notifications);
        var batch = notifications.ToArray();
        await _silos.Notify(silo => silo.OnAlertsAsync(batch));
    }
}
