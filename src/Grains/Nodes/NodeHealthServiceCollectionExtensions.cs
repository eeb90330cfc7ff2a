using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sawmill.Grains.Nodes;

/// <summary>Registers the node grains' settings and the node registry.</summary>
public static class NodeHealthServiceCollectionExtensions
{
    public static IServiceCollection AddNodeHealth(this IServiceCollection services)
    {
        services.AddOptions<NodeHealthOptions>()
            .BindConfiguration(NodeHealthOptions.SectionName)
            .Validate(o => o.HeartbeatTimeout > TimeSpan.Zero && o.ReminderPeriod > TimeSpan.Zero && o.HistoryLength > 0 && o.RecentErrorCount > 0,
                "NodeHealth: HeartbeatTimeout, ReminderPeriod, HistoryLength and RecentErrorCount must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<NodeRegistry>();
        // Stored nodes never overwrite what a live grain posted, so this may run before or after the silo starts.
        services.AddHostedService<NodeRegistryLoader>();
        // After the loader (hosted services start in order): the partitions check the nodes it listed.
        services.AddHostedService<NodePartitionsStarter>();
        return services;
    }
}
