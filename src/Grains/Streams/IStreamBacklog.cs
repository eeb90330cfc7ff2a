namespace Sawmill.Grains.Streams;

/// <summary>Consumer lag as a time, read off the stream provider's queues: what the liveness check asks before it
/// declares a node failed, since a beat still queued is not a missed one.</summary>
public interface IStreamBacklog
{
    /// <summary>When the oldest message of the topic's partition that its consumers have not all taken was enqueued;
    /// null when the partition is caught up.</summary>
    DateTimeOffset? PendingSince(string topic, int partition);
}
