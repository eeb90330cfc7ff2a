namespace Sawmill.Dashboard.Live;

/// <summary>Events per second over a sliding window of whole seconds, on the injected clock.</summary>
public sealed class RateMeter(TimeProvider timeProvider, int windowSeconds = 5)
{
    private readonly long[] _counts = new long[windowSeconds + 1];
    private readonly long[] _seconds = new long[windowSeconds + 1];
    private readonly Lock _lock = new();

    public void Count(long events = 1)
    {
        var second = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        lock (_lock)
        {
            var slot = (int)(second % _counts.Length);
            if (_seconds[slot] != second) { _seconds[slot] = second; _counts[slot] = 0; }
            _counts[slot] += events;
        }
    }

    /// <summary>The mean over the last full seconds (the current, partial second left out).</summary>
    public double PerSecond
    {
        get
        {
            var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
            long total = 0;
            lock (_lock)
            {
                for (var i = 0; i < _counts.Length; i++)
                {
                    if (_seconds[i] < now && _seconds[i] >= now - windowSeconds) total += _counts[i];
                }
            }
            return total / (double)windowSeconds;
        }
    }
}
