using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Streams;

/// <summary>A consumer group on a topic and the handler of its batches.</summary>
public sealed record TopicSubscription(string Topic, string Group, Func<TopicBatch, CancellationToken, ValueTask> Handler)
{
    /// <summary>In-process: a publish is acknowledged only once every durable sink has committed it
    /// (the embedded mode's durability is the store the sink writes to).</summary>
    public bool IsDurableSink { get; init; }
}
