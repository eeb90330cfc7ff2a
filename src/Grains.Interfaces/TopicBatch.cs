namespace Sawmill.Grains.Interfaces;

/// <summary>Consecutive messages of one topic partition, in partition order.</summary>
public sealed record TopicBatch(string Topic, int Partition, IReadOnlyList<TopicMessage> Messages);
