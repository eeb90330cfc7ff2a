using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Storage.Sqlite.Streams;

/// <summary>Orleans' persistent stream provider for one topic over the SQLite stream log: all_logs has one queue per
/// partition, critical_logs and node_failure one each. Orleans' pulling agents read the queues and its simple cache
/// holds what they read until every consumer has it.</summary>
public sealed class SqliteQueueAdapterFactory(string topic, SqliteStreamLog log, int queues, SqliteStreamOptions options, ILoggerFactory loggers) : IQueueAdapterFactory
{
    private readonly PartitionQueueMapper _mapper = new(topic, queues);
    private readonly SimpleQueueAdapterCache _cache = new(new SimpleQueueCacheOptions { CacheSize = options.CacheSize }, topic, loggers);
    private readonly LoggingStreamFailureHandler _failures = new(loggers.CreateLogger<SqliteQueueAdapterFactory>());

    /// <summary>The factory Orleans' <c>AddPersistentStreams</c> calls with the provider's name (the topic).</summary>
    public static IQueueAdapterFactory Create(IServiceProvider services, string topic) => new SqliteQueueAdapterFactory(
        topic,
        services.GetRequiredService<SqliteStreamLog>(),
        topic == Topics.AllLogs ? services.GetRequiredService<IOptions<StreamPartitionOptions>>().Value.Partitions : 1,
        services.GetRequiredService<IOptions<SqliteStreamOptions>>().Value,
        services.GetRequiredService<ILoggerFactory>());

    public Task<IQueueAdapter> CreateAdapter() => Task.FromResult<IQueueAdapter>(new SqliteQueueAdapter(topic, log, _mapper));

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => Task.FromResult<IStreamFailureHandler>(_failures);
}
