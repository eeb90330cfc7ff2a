namespace Sawmill.Grains.Interfaces;

/// <summary>A grain fed by an implicit topic subscription; a batch is committed once this returns.</summary>
public interface ITopicSubscriber : IGrain
{
    /// <summary>Handles a batch; throwing makes it be delivered again (at-least-once).</summary>
    ValueTask OnNextBatchAsync(TopicBatch batch);
}
