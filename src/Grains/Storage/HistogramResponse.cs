using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Storage;

/// <summary>GET /api/v1/logs/histogram's answer: counts per level per time bucket, oldest first; empty buckets are left
/// out. The silo writes it from a <see cref="LogHistogram"/>, a standalone dashboard reads it back into one.</summary>
public sealed record HistogramResponse(double IntervalSeconds, IReadOnlyList<HistogramBucketResponse> Buckets)
{
    public static HistogramResponse From(LogHistogram histogram) => new(
        histogram.Interval.TotalSeconds,
        histogram.Buckets.Select(b => new HistogramBucketResponse(b.Start, b.Counts.ToDictionary(c => c.Key.Name(), c => c.Value), b.Counts.Values.Sum())).ToList());

    public LogHistogram ToHistogram() => new(
        TimeSpan.FromSeconds(IntervalSeconds),
        Buckets.Select(b => new HistogramBucket(b.Start, Levels(b.Counts))).ToList());

    // Names the silo wrote; one this reader does not know (a newer silo's) is left out rather than miscounted.
    private static Dictionary<Severity, long> Levels(IReadOnlyDictionary<string, long> counts)
    {
        var levels = new Dictionary<Severity, long>();
        foreach (var (name, count) in counts)
        {
            if (Severities.TryParse(name, out var level)) levels[level] = count;
        }
        return levels;
    }
}

/// <summary>One bucket [start, start + interval): count per level name, and the total.</summary>
public sealed record HistogramBucketResponse(DateTimeOffset Start, IReadOnlyDictionary<string, long> Counts, long Total);
