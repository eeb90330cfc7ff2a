namespace Sawmill.Grains.Streams;

/// <summary>A stream's queue stayed full for the publish timeout: the caller should answer 503 with Retry-After.</summary>
public sealed class StreamOverloadedException(string topic, int queue, TimeSpan waited)
    : Exception($"Topic {topic} queue {queue} is full; no room within {waited.TotalMilliseconds:0} ms.")
{
    public string Topic { get; } = topic;
}
