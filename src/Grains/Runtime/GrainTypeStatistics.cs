namespace Sawmill.Grains.Runtime;

/// <summary>Counters of one grain type; calls/s over the last <see cref="RateWindowSeconds"/> seconds,
/// latency percentiles over the current and previous window.</summary>
internal sealed class GrainTypeStatistics(string grainType, TimeProvider timeProvider)
{
    public const int RateWindowSeconds = 10;

    private readonly Lock _lock = new();
    private readonly long[] _callsPerSecond = new long[RateWindowSeconds + 1];
    private readonly long[] _secondOfSlot = new long[RateWindowSeconds + 1];
    private LatencyHistogram _current = new();
    private LatencyHistogram _previous = new();
    private long _windowStart = long.MinValue;
    private int _activations;
    private long _totalActivations;
    private long _totalCalls;

    public void Activated()
    {
        Interlocked.Increment(ref _activations);
        Interlocked.Increment(ref _totalActivations);
    }

    public void Deactivated() => Interlocked.Decrement(ref _activations);

    public void TurnCompleted(TimeSpan latency, DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        lock (_lock)
        {
            _totalCalls++;
            var slot = (int)(second % _callsPerSecond.Length);
            if (_secondOfSlot[slot] != second) { _secondOfSlot[slot] = second; _callsPerSecond[slot] = 0; }
            _callsPerSecond[slot]++;
            RotateWindow(second);
            _current.Record(latency);
        }
    }

    public GrainTypeMetrics Snapshot(int mailboxDepth)
    {
        var second = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        lock (_lock)
        {
            RotateWindow(second);
            long recent = 0;
            for (var i = 0; i < _callsPerSecond.Length; i++)
            {
                // The window is the last full seconds plus the current one, RateWindowSeconds in all.
                if (_secondOfSlot[i] > second - RateWindowSeconds && _secondOfSlot[i] <= second) recent += _callsPerSecond[i];
            }
            var latencies = LatencyHistogram.Merge(_previous, _current);
            return new GrainTypeMetrics(
                grainType,
                Volatile.Read(ref _activations),
                Interlocked.Read(ref _totalActivations),
                _totalCalls,
                recent / (double)RateWindowSeconds,
                mailboxDepth,
                latencies.Percentile(0.50),
                latencies.Percentile(0.90),
                latencies.Percentile(0.99));
        }
    }

    private void RotateWindow(long second)
    {
        var window = second / RateWindowSeconds;
        if (window == _windowStart) return;
        _previous = window == _windowStart + 1 ? _current : new LatencyHistogram();
        _current = new LatencyHistogram();
        _windowStart = window;
    }
}
