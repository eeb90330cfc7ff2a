using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Sawmill.Silo.Security;

/// <summary>Per-key ingestion rates: a token bucket of items per key with a rate, a second's worth deep. A batch larger
/// than the bucket passes only when the bucket is full (and empties it), so a key can always send something.</summary>
public sealed class KeyRateLimits : IDisposable
{
    private readonly ConcurrentDictionary<(string KeyId, int Rate), TokenBucketRateLimiter> _buckets = new();

    /// <summary>Takes <paramref name="items"/> from the caller's bucket; null when they may pass, else how long to wait.</summary>
    public TimeSpan? Take(IngestCaller? caller, int items)
    {
        if (caller?.RatePerSecond is not { } rate || items == 0) return null;
        var bucket = _buckets.GetOrAdd((caller.KeyId, rate), static key => New(key.Rate));
        using var lease = bucket.AttemptAcquire(Math.Min(items, rate));
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    // Refilled about ten times a second (at most), so a second's worth comes back evenly.
    private static TokenBucketRateLimiter New(int rate)
    {
        var tokens = Math.Max(1, rate / 10);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = rate,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds((double)tokens / rate),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values) bucket.Dispose();
    }
}
