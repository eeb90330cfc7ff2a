namespace Sawmill.Grains.Tests.Support;

/// <summary>A TimeProvider whose clock moves only when a test advances it; due timers fire inside Advance.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public ManualTimeProvider() : this(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero)) { }

    public override DateTimeOffset GetUtcNow() { lock (_lock) return _now; }

    public override long GetTimestamp() { lock (_lock) return _now.UtcTicks; }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>The due time of every timer scheduled so far, in order: await one to know a delay has started.</summary>
    public global::System.Threading.Channels.Channel<TimeSpan> Scheduled { get; } = global::System.Threading.Channels.Channel.CreateUnbounded<TimeSpan>();

    /// <summary>Waits until some timer is scheduled with exactly this due time.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, string expected)
    {
        while (await Await.Next(Scheduled.Reader, expected) != dueTime) { }
    }

    /// <summary>How many timers are scheduled and not disposed.</summary>
    public int ActiveTimers { get { lock (_lock) return _timers.Count(t => t.DueAt is not null); } }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in time order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_lock) target = _now + by;
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.DueAt is { } due && due <= target).MinBy(t => t.DueAt);
                if (next is null) { _now = target; return; }
                _now = next.DueAt!.Value;
                next.DueAt = next.Period is { } p && p > TimeSpan.Zero && p != Timeout.InfiniteTimeSpan ? _now + p : null;
            }
            next.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_lock) _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }
        public TimeSpan? Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                Period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
            }
            if (dueTime != Timeout.InfiniteTimeSpan) owner.Scheduled.Writer.TryWrite(dueTime);
            return true;
        }

        public void Dispose() { lock (owner._lock) { DueAt = null; owner._timers.Remove(this); } }

        public ValueTask DisposeAsync() { Dispose(); return ValueTask.CompletedTask; }
    }
}
