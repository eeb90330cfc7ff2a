namespace Sawmill.Grains.Streams;

/// <summary>Settings of the in-process topics (section <c>Topics</c>).</summary>
public sealed class TopicOptions
{
    public const string SectionName = "Topics";

    /// <summary>Partitions per topic; keys (node_id) hash to one of them, so each node's messages stay in order.</summary>
    public int Partitions { get; set; } = 4;

    /// <summary>Messages a partition holds before publishers wait: the bound on memory.</summary>
    public int PartitionCapacity { get; set; } = 32_768;

    /// <summary>The most messages handed to a consumer in one batch.</summary>
    public int MaxBatchSize { get; set; } = 4_096;

    /// <summary>How long a publisher waits for room before <see cref="TopicOverloadedException"/>.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts to deliver a batch before it is given up (and, for a durable sink, its publishers fail).</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>The first retry delay; it doubles per attempt.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(100);
}
