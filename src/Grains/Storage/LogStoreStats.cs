namespace Sawmill.Grains.Storage;

/// <summary>How big the log store is: bytes on disk, partitions, and the time of its oldest entry (null when empty).</summary>
public sealed record LogStoreStats(long SizeBytes, int Partitions, DateTimeOffset? OldestEntry);
