namespace Sawmill.Grains.Streams;

/// <summary>A running subscription; disposing it stops consumption after the batches in flight.</summary>
public interface ITopicSubscriptionHandle : IAsyncDisposable
{
    /// <summary>The group's committed offset per partition (messages below it are done).</summary>
    IReadOnlyList<long> CommittedOffsets { get; }
}
