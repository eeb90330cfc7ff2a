using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using Sawmill.Grains;
using StackExchange.Redis;

namespace Sawmill.Cluster.Redis;

/// <summary>Registers the cluster state of the scale-out mode on Redis with Orleans' own providers.</summary>
public static class RedisSiloBuilderExtensions
{
    /// <summary>Membership, the grain storage <see cref="StorageNames.GrainState"/> and the reminder table on the Redis at
    /// <paramref name="connectionString"/> (StackExchange.Redis syntax, <c>host:port,password=...</c>).</summary>
    public static ISiloBuilder UseSawmillRedis(this ISiloBuilder silo, string connectionString)
    {
        ConfigurationOptions Options() => ConfigurationOptions.Parse(connectionString);
        silo.UseRedisClustering(o => o.ConfigurationOptions = Options());
        silo.AddRedisGrainStorage(StorageNames.GrainState, o =>
        {
            o.ConfigurationOptions = Options();
            o.GrainStorageSerializer = new JsonGrainStateSerializer();
        });
        silo.AddReminders();
        silo.UseRedisReminderService(o => o.ConfigurationOptions = Options());
        return silo;
    }
}
