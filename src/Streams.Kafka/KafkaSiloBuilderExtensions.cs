using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Streams.Kafka;

/// <summary>Registers the scale-out streams: the three topics as Orleans persistent stream providers on Kafka.</summary>
public static class KafkaSiloBuilderExtensions
{
    /// <summary>all_logs, critical_logs and node_failure on Kafka (options in section <c>Kafka</c>), consumed through
    /// implicit subscriptions only; the backlog the liveness check asks is Kafka's consumer lag.</summary>
    public static ISiloBuilder AddKafkaStreams(this ISiloBuilder silo)
    {
        silo.Services.AddOptions<KafkaStreamOptions>().BindConfiguration(KafkaStreamOptions.SectionName)
            .Validate(o => o.Validate() is null, "Kafka: see KafkaStreamOptions.Validate (BootstrapServers, ConsumerGroup, timeouts, CacheSize).")
            .ValidateOnStart();
        silo.Services.AddSingleton<KafkaPublisher>();
        silo.Services.AddSingleton<KafkaBacklog>();
        silo.Services.AddSingleton<IStreamBacklog>(sp => sp.GetRequiredService<KafkaBacklog>());
        silo.Services.AddHostedService(sp => sp.GetRequiredService<KafkaBacklog>());
        silo.Services.AddSingleton<KafkaTopics>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<KafkaTopics>());
        silo.Services.AddHostedService<KafkaNodeDirectory>();
        foreach (var topic in Topics.All)
        {
            silo.AddPersistentStreams(topic, KafkaQueueAdapterFactory.Create, stream =>
            {
                stream.ConfigureStreamPubSub(Orleans.Streams.StreamPubSubType.ImplicitOnly);
                stream.ConfigurePullingAgent(agent => agent.Configure<IOptions<KafkaStreamOptions>>((o, kafka) =>
                {
                    o.GetQueueMsgsTimerPeriod = kafka.Value.PollPeriod;
                    o.HoldUntilDelivered();
                }));
                stream.ConfigureBackoffProvider((_, _) => new FailoverDeliveryBackoff());
            });
        }
        return silo;
    }
}
