using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Storage;

/// <summary>Counts per level per time bucket, oldest bucket first; empty buckets are omitted.</summary>
public sealed record LogHistogram(TimeSpan Interval, IReadOnlyList<HistogramBucket> Buckets);

/// <summary>The entries of one bucket [Start, Start + interval), per level.</summary>
public sealed record HistogramBucket(DateTimeOffset Start, IReadOnlyDictionary<Severity, long> Counts);
