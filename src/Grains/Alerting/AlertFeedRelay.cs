using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Alerting;

/// <summary>Feeds this silo's <see cref="AlertFeed"/> (the dashboard's toasts and alert views) from the alert grain,
/// wherever it lives in the cluster: an observer lease on its notifications, renewed every <see cref="Renewal"/>, so a
/// grain re-activated on another silo after a failover knows every silo again within that time.</summary>
internal sealed class AlertFeedRelay(IGrainFactory grains, AlertFeed feed, ILogger<AlertFeedRelay> logger) : BackgroundService, IAlertObserver
{
    /// <summary>How long the grain keeps a silo's subscription without a renewal (wall-clock time, so that a test's
    /// manual clock never expires it).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(5);

    private IAlertObserver? _reference;

    private IAlertGrain Grain => grains.GetGrain<IAlertGrain>(Topics.AlertsKey);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before the host reports started (the silo started before this), so no later alert slips by.
        _reference = grains.CreateObjectReference<IAlertObserver>(this);
        await RenewAsync();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Renewal);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await RenewAsync();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_reference is null) return;
        try
        {
            await Grain.UnsubscribeAsync(_reference).AsTask().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The lease expires by itself; a stopping cluster may no longer answer.
            logger.LogDebug(ex, "Could not end the alert subscription; it expires with its lease");
        }
        grains.DeleteObjectReference<IAlertObserver>(_reference);
    }

    public Task OnAlertsAsync(AlertNotification[] notifications)
    {
        feed.Publish(notifications);
        return Task.CompletedTask;
    }

    private async Task RenewAsync()
    {
        try
        {
            await Grain.SubscribeAsync(_reference!);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not renew this silo's subscription to alert notifications; retrying in {Renewal}", Renewal);
        }
    }
}
