using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Cluster;
using Sawmill.Grains.Nodes;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains;

/// <summary>What the grains need besides their Orleans providers (grain storage <see cref="StorageNames.GrainState"/>,
/// reminders, the three topic stream providers, an <see cref="IStreamBacklog"/>, a log store and an alert store).</summary>
public static class SawmillGrainsServiceCollectionExtensions
{
    /// <summary>Settings, the node registry, the alert feed and webhooks. Orleans finds the grain classes itself.</summary>
    public static IServiceCollection AddSawmillGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StreamPartitionOptions>()
            .BindConfiguration(StreamPartitionOptions.SectionName)
            .Validate(o => o.Partitions is > 0 and <= 1024, "Streams:Partitions must be from 1 to 1024.")
            .ValidateOnStart();
        services.AddNodeHealth();
        services.AddAlerting();
        services.TryAddSingleton<ClusterStatisticsReader>();
        services.TryAddSingleton<EventPublisher>();
        // Orleans refuses reminder periods below a minute unless told otherwise; the liveness backstop's period is a setting.
        services.AddOptions<ReminderOptions>().Configure<IOptions<NodeHealthOptions>>((reminders, health) =>
            reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminders.MinimumReminderPeriod.Ticks, health.Value.ReminderPeriod.Ticks)));
        return services;
    }
}
