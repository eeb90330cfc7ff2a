namespace Sawmill.Silo.Api;

/// <summary>Counts per level per time bucket, oldest first; empty buckets are left out.</summary>
public sealed record HistogramResponse(double IntervalSeconds, IReadOnlyList<HistogramBucketResponse> Buckets);

/// <summary>One bucket [start, start + interval): count per level name, and the total.</summary>
public sealed record HistogramBucketResponse(DateTimeOffset Start, IReadOnlyDictionary<string, long> Counts, long Total);
