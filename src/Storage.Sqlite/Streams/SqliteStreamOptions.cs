namespace Sawmill.Storage.Sqlite.Streams;

/// <summary>The embedded stream queues (section <c>Streams</c>, beside <c>Streams:Partitions</c>).</summary>
public sealed class SqliteStreamOptions
{
    public const string SectionName = "Streams";

    /// <summary>Messages a queue holds that its consumers have not all taken, before publishers wait: the bound on
    /// memory and on how far consumers may lag.</summary>
    public int QueueCapacity { get; set; } = 32_768;

    /// <summary>How long a publisher waits for room before <see cref="Grains.Streams.StreamOverloadedException"/> (503).</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Batches Orleans' pulling agent caches per queue; it reads a tenth of it at a time and frees them in
    /// tenths as well, so a small cache confirms delivery sooner.</summary>
    public int CacheSize { get; set; } = 64;

    /// <summary>How often an idle pulling agent looks for new batches (Orleans' default is 100 ms).</summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromMilliseconds(50);
}
