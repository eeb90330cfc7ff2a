using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Orleans.Runtime;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Streams.Kafka;

/// <summary>Makes sure the three topics (and the node directory's) exist with the partitions the streams expect, before the pulling agents start;
/// a topic with too few partitions stops the silo with a message saying what to do.</summary>
public sealed class KafkaTopics(IOptions<KafkaStreamOptions> options, IOptions<StreamPartitionOptions> partitioning, ILogger<KafkaTopics> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Partitions (= Orleans queues) of a topic: all_logs one per stream partition, the others one.</summary>
    public static int PartitionsOf(string topic, StreamPartitionOptions partitioning) => topic == Topics.AllLogs ? partitioning.Partitions : 1;

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(KafkaTopics), ServiceLifecycleStage.RuntimeInitialize, EnsureAsync);

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var admin = new AdminClientBuilder(settings.Apply(new AdminClientConfig())).Build();
        Metadata metadata;
        try
        {
            metadata = await Task.Run(() => admin.GetMetadata(TimeSpan.FromSeconds(10)), cancellationToken);
        }
        catch (KafkaException ex)
        {
            throw new InvalidOperationException($"Kafka at {settings.BootstrapServers} (Kafka:BootstrapServers) did not answer: {ex.Error.Reason}. Start the brokers or fix the address.", ex);
        }
        var missing = new List<TopicSpecification>();
        foreach (var topic in Topics.All)
        {
            var name = settings.Topic(topic);
            var wanted = PartitionsOf(topic, partitioning.Value);
            var found = metadata.Topics.FirstOrDefault(t => t.Topic == name && t.Error.Code == ErrorCode.NoError);
            if (found is null) missing.Add(new TopicSpecification { Name = name, NumPartitions = wanted, ReplicationFactor = settings.ReplicationFactor });
            else if (found.Partitions.Count < wanted)
                throw new InvalidOperationException($"Kafka topic {name} has {found.Partitions.Count} partitions; Streams:Partitions = {wanted} needs {wanted}. Add partitions to the topic (kafka-topics --alter) or lower Streams:Partitions.");
        }
        var directory = settings.Topic(KafkaNodeDirectory.Topic);
        if (!metadata.Topics.Any(t => t.Topic == directory && t.Error.Code == ErrorCode.NoError))
        {
            missing.Add(new TopicSpecification
            {
                Name = directory, NumPartitions = 1, ReplicationFactor = settings.ReplicationFactor,
                // Only each node's latest summary matters.
                Configs = new Dictionary<string, string> { ["cleanup.policy"] = "compact" },
            });
        }
        if (missing.Count == 0) return;
        if (!settings.CreateTopics)
            throw new InvalidOperationException($"Kafka topics {string.Join(", ", missing.Select(m => m.Name))} do not exist and Kafka:CreateTopics is off: create them ({string.Join(", ", missing.Select(m => $"{m.Name} with {m.NumPartitions} partitions"))}).");
        try
        {
            await admin.CreateTopicsAsync(missing, new CreateTopicsOptions { OperationTimeout = TimeSpan.FromSeconds(10), RequestTimeout = TimeSpan.FromSeconds(15) });
            logger.LogInformation("Created Kafka topics {Topics}", string.Join(", ", missing.Select(m => $"{m.Name} ({m.NumPartitions} partitions)")));
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Another silo created them first.
        }
    }
}
