using System.Threading.Channels;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Tests.Support;

/// <summary>The real stream log's backlog, except that a test can make a partition look behind (as under a burst),
/// and every question a node grain asks is recorded.</summary>
public sealed class LaggingBacklog(IStreamBacklog inner) : IStreamBacklog
{
    /// <summary>When set, every partition answers this, as if a message enqueued then were still undelivered.</summary>
    public DateTimeOffset? PendingSinceOverride { get; set; }

    public Channel<(string Topic, int Partition)> Questions { get; } = Channel.CreateUnbounded<(string, int)>();

    public DateTimeOffset? PendingSince(string topic, int partition)
    {
        Questions.Writer.TryWrite((topic, partition));
        return PendingSinceOverride ?? inner.PendingSince(topic, partition);
    }
}
