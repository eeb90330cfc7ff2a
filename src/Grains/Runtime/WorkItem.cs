namespace Sawmill.Grains.Runtime;

/// <summary>One turn queued in an activation's mailbox.</summary>
internal abstract class WorkItem
{
    /// <summary>Calls count toward calls/s and keep an activation alive; timer ticks do not.</summary>
    public virtual bool IsCall => true;

    public abstract Task ExecuteAsync(Grain grain);

    public abstract void Fail(Exception exception);
}

/// <summary>A call from a grain reference (or a topic delivery); its caller awaits <see cref="Completion"/>.</summary>
internal sealed class CallItem(string method, Func<Grain, ValueTask<object?>> call) : WorkItem
{
    private readonly TaskCompletionSource<object?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Method { get; } = method;

    public Task<object?> Completion => _completion.Task;

    public override async Task ExecuteAsync(Grain grain)
    {
        try { _completion.TrySetResult(await call(grain)); }
        catch (Exception ex) { _completion.TrySetException(ex); }
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
