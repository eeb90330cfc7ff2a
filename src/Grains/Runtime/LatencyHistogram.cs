namespace Sawmill.Grains.Runtime;

/// <summary>Latencies in logarithmic buckets (4 per power of two of microseconds): percentiles within ~19 %.</summary>
internal sealed class LatencyHistogram
{
    private const int BucketsPerDoubling = 4;
    private const int BucketCount = 40 * BucketsPerDoubling;
    private readonly long[] _counts = new long[BucketCount];
    private long _total;

    public void Record(TimeSpan latency)
    {
        var micros = Math.Max(1.0, latency.TotalMicroseconds);
        var bucket = Math.Clamp((int)(Math.Log2(micros) * BucketsPerDoubling), 0, BucketCount - 1);
        _counts[bucket]++;
        _total++;
    }

    public static LatencyHistogram Merge(LatencyHistogram a, LatencyHistogram b)
    {
        var merged = new LatencyHistogram();
        for (var i = 0; i < BucketCount; i++) merged._counts[i] = a._counts[i] + b._counts[i];
        merged._total = a._total + b._total;
        return merged;
    }

    /// <summary>The upper edge of the bucket holding the given quantile, in milliseconds; 0 with no samples.</summary>
    public double Percentile(double quantile)
    {
        if (_total == 0) return 0;
        var rank = (long)Math.Ceiling(quantile * _total);
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Pow(2, (i + 1) / (double)BucketsPerDoubling) / 1000.0;
        }
        return Math.Pow(2, BucketCount / (double)BucketsPerDoubling) / 1000.0;
    }
}
