using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Alerting;

/// <summary>POSTs alert notifications (opened, acknowledged, resolved) as JSON to each configured URL, retrying with
/// backoff. Each URL has its own queue and loop: a failing endpoint delays only itself, never alerting.</summary>
internal sealed class WebhookSender(
    [FromKeyedServices(AlertFeed.WebhooksKey)] AlertFeed feed,
    IHttpClientFactory httpClients,
    IOptions<AlertingOptions> options,
    TimeProvider timeProvider,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "sawmill-webhooks";

    private readonly List<(Uri Url, AlertSubscription Subscription)> _endpoints = [];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribe before the host reports started (ExecuteAsync runs in the background), so no alert slips by.
        var settings = options.Value;
        foreach (var url in settings.Webhooks) _endpoints.Add((new Uri(url), feed.Subscribe(settings.WebhookQueueCapacity)));
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => Task.WhenAll(_endpoints.Select(e => DeliverAllAsync(e.Url, e.Subscription, options.Value, stoppingToken)));

    private async Task DeliverAllAsync(Uri url, AlertSubscription subscription, AlertingOptions settings, CancellationToken stoppingToken)
    {
        using var _ = subscription;
        try
        {
            await foreach (var notification in subscription.Reader.ReadAllAsync(stoppingToken))
            {
                if (notification.Change != AlertChange.Updated) await DeliverAsync(url, notification, settings, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: undelivered notifications are dropped; the alerts themselves are stored.
        }
    }

    private async Task DeliverAsync(Uri url, AlertNotification notification, AlertingOptions settings, CancellationToken stoppingToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(settings.WebhookTimeout);
                using var response = await client.PostAsync(url, JsonContent.Create(notification, SawmillJsonContext.Default.AlertNotification), timeout.Token);
                if (response.IsSuccessStatusCode) return;
                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                failure = ex.Message;
            }

            if (attempt >= settings.WebhookMaxAttempts)
            {
                logger.LogError("Webhook {Url} gave up on alert {AlertId} ({Change}) after {Attempts} attempts: {Failure}",
                    url, notification.Alert.AlertId, notification.Change, attempt, failure);
                return;
            }
            logger.LogWarning("Webhook {Url} failed for alert {AlertId} (attempt {Attempt}): {Failure}; retrying", url, notification.Alert.AlertId, attempt, failure);
            await Task.Delay(settings.WebhookBackoff * Math.Pow(2, attempt - 1), timeProvider, stoppingToken);
        }
    }
}
