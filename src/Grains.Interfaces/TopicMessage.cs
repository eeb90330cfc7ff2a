namespace Sawmill.Grains.Interfaces;

/// <summary>A message read from a topic partition, with its offset there and when it was published (Kafka: the message timestamp).</summary>
public readonly record struct TopicMessage(string Key, SawmillMessage Value, long Offset, DateTimeOffset PublishedAt);
