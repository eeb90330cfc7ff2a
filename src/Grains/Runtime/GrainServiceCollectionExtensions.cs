using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Runtime;

/// <summary>Registers the grain runtime, in-process topics and grain classes.</summary>
public static class GrainServiceCollectionExtensions
{
    /// <summary>The runtime, hosted with the app; storage (<see cref="IGrainStateStore"/>, <see cref="IReminderTable"/>) is registered separately.</summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services)
    {
        services.AddOptions<GrainRuntimeOptions>()
            .BindConfiguration(GrainRuntimeOptions.SectionName)
            .Validate(o => o.MailboxCapacity > 0 && o.CollectionAge > TimeSpan.Zero && o.CollectionQuantum > TimeSpan.Zero,
                "GrainRuntime: MailboxCapacity, CollectionAge and CollectionQuantum must be positive.")
            .ValidateOnStart();
        services.AddOptions<TopicOptions>()
            .BindConfiguration(TopicOptions.SectionName)
            .Validate(o => o.Partitions > 0 && o.PartitionCapacity > 0 && o.MaxBatchSize > 0 && o.MaxDeliveryAttempts > 0,
                "Topics: Partitions, PartitionCapacity, MaxBatchSize and MaxDeliveryAttempts must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new GrainTypeRegistry(sp.GetServices<GrainType>()));
        services.TryAddSingleton<GrainRuntime>();
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.TryAddSingleton<ITopicProvider, InProcessTopicProvider>();
        services.AddHostedService<GrainRuntimeHost>();
        return services;
    }

    /// <summary>Hosts grain class <typeparamref name="TGrain"/> for interface <typeparamref name="TInterface"/>.</summary>
    public static IServiceCollection AddGrain<TInterface, TGrain>(this IServiceCollection services)
        where TInterface : class, IGrain
        where TGrain : Grain, TInterface
        => services.AddSingleton(new GrainType(typeof(TGrain).Name, typeof(TGrain), typeof(TInterface)));
}
