namespace Sawmill.Grains.Streams;

/// <summary>A topic partition stayed full for the publish timeout: the caller should answer 503 with Retry-After.</summary>
public sealed class TopicOverloadedException(string topic, int partition, TimeSpan waited)
    : Exception($"Topic {topic} partition {partition} is full; no room within {waited.TotalMilliseconds:0} ms.")
{
    public string Topic { get; } = topic;
}
