using Orleans.Runtime.Providers;

namespace Sawmill.Streams.Kafka;

/// <summary>How long a pulling agent waits before delivering a batch again after a consumer failed it: 200 ms doubling
/// to 2 s. Orleans' default (1 s growing to 30 s) left a partition whose consumer grains died with their silo stalled for
/// ~15 s after the cluster had already moved them, and every node of that partition waiting on its backlog.</summary>
internal sealed class FailoverDeliveryBackoff : IMessageDeliveryBackoffProvider
{
    public TimeSpan Next(int attempt) => TimeSpan.FromMilliseconds(Math.Min(2000, 200 * Math.Pow(2, Math.Clamp(attempt, 0, 10))));
}
