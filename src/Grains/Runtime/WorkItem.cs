namespace Sawmill.Grains.Runtime;

/// <summary>One turn queued in an activation's mailbox.</summary>
internal abstract class WorkItem
{
    /// <summary>Calls count toward calls/s and keep an activation alive; timer ticks do not.</summary>
    public virtual bool IsCall => true;

    public abstract Task ExecuteAsync(Grain grain);

    /// <summary>Releases the caller; runs after the turn is accounted for, so a caller never sees stale metrics.</summary>
    public virtual void Complete() { }

    public abstract void Fail(Exception exception);
}

/// <summary>A call from a grain reference (or a topic delivery); its caller awaits <see cref="Completion"/>.</summary>
internal sealed class CallItem(string method, Func<Grain, ValueTask<object?>> call) : WorkItem
{
    private readonly TaskCompletionSource<object?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Method { get; } = method;

    public Task<object?> Completion => _completion.Task;

    private object? _result;
    private Exception? _exception;

    public override async Task ExecuteAsync(Grain grain)
    {
        try { _result = await call(grain); }
        catch (Exception ex) { _exception = ex; }
    }

    public override void Complete()
    {
        if (_exception is null) _completion.TrySetResult(_result);
        else _completion.TrySetException(_exception);
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}

/// <summary>Asks the activation to deactivate once the items queued before it have run.</summary>
internal sealed class DeactivateItem : WorkItem
{
    public override bool IsCall => false;

    public override Task ExecuteAsync(Grain grain) => Task.CompletedTask;

    public override void Fail(Exception exception) { }
}
