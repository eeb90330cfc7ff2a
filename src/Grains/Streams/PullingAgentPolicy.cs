using Orleans.Configuration;

namespace Sawmill.Grains.Streams;

/// <summary>How Sawmill's stream providers configure Orleans' pulling agents.</summary>
public static class PullingAgentPolicy
{
    /// <summary>A batch a consumer fails (its store is down) is delivered again, with backoff, until it is taken. Orleans'
    /// default gives up after a minute and skips the batch for that consumer, which would lose it from the index. Held,
    /// the batch keeps the queue's confirmed position (Kafka's committed offset) back, and the agent stops reading the
    /// queue once its cache is full: the queue itself is the buffer.</summary>
    public static void HoldUntilDelivered(this StreamPullingAgentOptions options) => options.MaxEventDeliveryTime = Timeout.InfiniteTimeSpan;
}
