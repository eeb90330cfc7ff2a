using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Streams;

/// <summary>The pub-sub layer: partitioned topics keyed by node_id, consumer groups with committed offsets.
/// In-process in the embedded mode; Apache Kafka in scale-out.</summary>
public interface ITopicProvider : IAsyncDisposable
{
    /// <summary>Appends messages (key = node_id); completes once they are durable: committed by the topic's
    /// durable sinks in-process, acknowledged by all replicas on Kafka. Throws <see cref="TopicOverloadedException"/> when full.</summary>
    ValueTask PublishAsync(string topic, IReadOnlyList<SawmillMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>Consumer lag as a time: when the oldest message of the key's partition that the group has not yet
    /// committed was published; null when the group is caught up (or unknown).</summary>
    DateTimeOffset? PendingSince(string topic, string group, string key);

    /// <summary>Starts a consumer group on a topic; each partition is delivered in order, at least once.</summary>
    ITopicSubscriptionHandle Subscribe(TopicSubscription subscription);
}
