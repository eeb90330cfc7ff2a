using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Streams.Kafka;

/// <summary>Orleans' persistent stream provider for one topic on Kafka: queue n is partition n (all_logs has one per
/// stream partition, critical_logs and node_failure one), so Orleans' queue balancer spreads the partitions over the
/// silos and a node's batches, all in its partition, arrive in order.</summary>
public sealed class KafkaQueueAdapterFactory(string topic, int queues, KafkaStreamOptions options, KafkaPublisher publisher, Serializer serializer, ILoggerFactory loggers) : IQueueAdapterFactory
{
    private readonly PartitionQueueMapper _mapper = new(topic, queues);
    private readonly SimpleQueueAdapterCache _cache = new(new SimpleQueueCacheOptions { CacheSize = options.CacheSize }, topic, loggers);
    private readonly LoggingStreamFailureHandler _failures = new(loggers.CreateLogger<KafkaQueueAdapterFactory>());

    /// <summary>The factory Orleans' <c>AddPersistentStreams</c> calls with the provider's name (the topic).</summary>
    public static IQueueAdapterFactory Create(IServiceProvider services, string topic) => new KafkaQueueAdapterFactory(
        topic,
        KafkaTopics.PartitionsOf(topic, services.GetRequiredService<IOptions<StreamPartitionOptions>>().Value),
        services.GetRequiredService<IOptions<KafkaStreamOptions>>().Value,
        services.GetRequiredService<KafkaPublisher>(),
        services.GetRequiredService<Serializer>(),
        services.GetRequiredService<ILoggerFactory>());

    public Task<IQueueAdapter> CreateAdapter() => Task.FromResult<IQueueAdapter>(new KafkaQueueAdapter(topic, options, publisher, serializer, _mapper,
        queue => new KafkaQueueAdapterReceiver(topic, (int)queue.GetNumericId(), options, serializer, loggers.CreateLogger<KafkaQueueAdapterReceiver>())));

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => Task.FromResult<IStreamFailureHandler>(_failures);
}
