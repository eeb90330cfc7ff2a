using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sawmill.Grains.Alerting;

/// <summary>Registers the alert rules' settings, the alert feeds (this silo's relay of the cluster's notifications) and the webhooks; the <see cref="IAlertStore"/> is registered with the storage.</summary>
public static class AlertingServiceCollectionExtensions
{
    public static IServiceCollection AddAlerting(this IServiceCollection services)
    {
        services.AddOptions<AlertingOptions>()
            .BindConfiguration(AlertingOptions.SectionName)
            .Validate(o => o.DedupWindow > TimeSpan.Zero && o.ErrorRateThreshold >= 0 && o.ErrorRateWindow > TimeSpan.Zero
                && o.WebhookMaxAttempts > 0 && o.WebhookQueueCapacity > 0 && o.Webhooks.All(u => Uri.TryCreate(u, UriKind.Absolute, out _)),
                "Alerting: windows and attempts must be positive and every webhook an absolute URL.")
            .Validate(o => o.GroupFieldSet().All(AlertingOptions.GroupFields.Contains),
                "Alerting:GroupBy is a comma-separated choice of service, node and error_code.")
            .ValidateOnStart();
        services.TryAddSingleton<SortableIdGenerator>();
        services.TryAddSingleton<AlertFeed>();
        services.TryAddKeyedSingleton<AlertFeed>(AlertFeed.WebhooksKey);
        services.AddHostedService<AlertFeedRelay>();
        services.AddHttpClient(WebhookSender.HttpClientName);
        services.AddHostedService<WebhookSender>();
        return services;
    }
}
