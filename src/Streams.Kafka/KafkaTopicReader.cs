using Confluent.Kafka;

namespace Sawmill.Streams.Kafka;

/// <summary>A consumer that reads every partition of one topic outside any consumer group (a group id of its own,
/// nothing committed), for the silo-wide readers: the node directory and the live tail.</summary>
internal static class KafkaTopicReader
{
    /// <summary>The consumer, assigned every partition of <paramref name="topic"/> from <paramref name="start"/>'s offset.</summary>
    public static IConsumer<byte[], byte[]> Open(KafkaStreamOptions options, string topic, string purpose, Func<IConsumer<byte[], byte[]>, TopicPartition, Offset> start)
    {
        var consumer = new ConsumerBuilder<byte[], byte[]>(options.Apply(new ConsumerConfig
        {
            GroupId = $"sawmill-{purpose}-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        })).Build();
        try
        {
            using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
                .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
            consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, start(consumer, p))));
            return consumer;
        }
        catch
        {
            consumer.Dispose();
            throw;
        }
    }
}
