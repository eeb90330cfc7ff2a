namespace Sawmill.Grains.Runtime;

/// <summary>A timer of one activation: each tick is queued as a turn, at most one tick pending at a time.</summary>
internal sealed class GrainTimer : WorkItem, IGrainTimer
{
    private readonly GrainActivation _activation;
    private readonly Func<CancellationToken, ValueTask> _callback;
    private readonly ITimer _timer;
    private int _pending;
    private bool _disposed;

    public GrainTimer(GrainActivation activation, Func<CancellationToken, ValueTask> callback, TimeSpan dueTime, TimeSpan period)
    {
        _activation = activation;
        _callback = callback;
        _timer = activation.Runtime.TimeProvider.CreateTimer(_ => Tick(), null, dueTime, period);
    }

    public override bool IsCall => false;

    private void Tick()
    {
        if (_disposed || Interlocked.Exchange(ref _pending, 1) == 1) return;
        if (!_activation.TryPost(this)) Volatile.Write(ref _pending, 0);
    }

    public override async Task ExecuteAsync(Grain grain)
    {
        try
        {
            if (!_disposed) await _callback(_activation.Stopping);
        }
        finally { Volatile.Write(ref _pending, 0); }
    }

    public override void Fail(Exception exception) => Volatile.Write(ref _pending, 0);

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        if (!_disposed) _timer.Change(dueTime, period);
    }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }
}
