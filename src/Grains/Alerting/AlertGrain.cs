using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Runtime;

namespace Sawmill.Grains.Alerting;

/// <summary>The silo's alert grain: critical logs and node failures in, deduplicated alerts out (stored, then fed to
/// the dashboard and webhooks). One grain sees every service, which the per-service error-rate rule needs.</summary>
[ImplicitStreamSubscription(Topics.CriticalLogs, Routing = StreamRouting.SingleGrain)]
[ImplicitStreamSubscription(Topics.NodeFailure, Routing = StreamRouting.SingleGrain)]
public sealed class AlertGrain(
    IAlertStore store,
    AlertFeed feed,
    SortableIdGenerator ids,
    IOptions<AlertingOptions> options,
    TimeProvider timeProvider) : Grain, IAlertGrain
{
    private AlertBook _book = null!;

    public override async ValueTask OnActivateAsync(CancellationToken cancellationToken)
    {
        _book = new AlertBook(options.Value, ids.Next);
        _book.Load(await store.LoadActiveAsync(cancellationToken));
    }

    public async ValueTask OnNextBatchAsync(TopicBatch batch)
    {
        var now = timeProvider.GetUtcNow();
        var notifications = new List<AlertNotification>();
        foreach (var message in batch.Messages)
        {
            notifications.AddRange(message.Value switch
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

    private async ValueTask SaveAndNotifyAsync(List<AlertNotification> notifications)
    {
        if (notifications.Count == 0) return;
        // The last version of each alert in this batch: one row write per alert, however many repeats.
        var latest = notifications.GroupBy(n => n.Alert.AlertId).Select(g => g.Last().Alert).ToList();
        await store.UpsertAsync(latest);
        feed.Publish(notifications);
    }
}
