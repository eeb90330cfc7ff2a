namespace Sawmill.Grains.Runtime;

/// <summary>Subscribes a grain class to a topic: the runtime delivers batches to <c>ITopicSubscriber.OnNextBatchAsync</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class ImplicitStreamSubscriptionAttribute(string topic) : Attribute
{
    /// <summary>The grain key used with <see cref="StreamRouting.SingleGrain"/>.</summary>
    public const string SingleGrainKey = "all";

    public string Topic { get; } = topic;

    /// <summary>Which grain gets a message: the one keyed by the message key (node_id) or one per partition.</summary>
    public StreamRouting Routing { get; init; } = StreamRouting.ByMessageKey;

    /// <summary>In-process topics acknowledge a publish only once durable sinks have committed it.</summary>
    public bool IsDurableSink { get; init; }
}

/// <summary>How an implicit subscription picks the grain key.</summary>
public enum StreamRouting
{
    /// <summary>Grain key = message key; one batch per key, keys in parallel.</summary>
    ByMessageKey,

    /// <summary>Grain key = partition number; the whole batch to one grain.</summary>
    ByPartition,

    /// <summary>Every batch of every partition to the one grain keyed <see cref="ImplicitStreamSubscriptionAttribute.SingleGrainKey"/>
    /// (for state that spans keys, such as per-service alert rates).</summary>
    SingleGrain,
}
