using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Runtime;

/// <summary>Base class of grain implementations: identity, timers, reminders and lifecycle hooks.</summary>
public abstract class Grain
{
    private GrainActivation? _activation;

    internal GrainActivation Activation => _activation ?? throw new InvalidOperationException("The grain is not attached to an activation.");

    /// <summary>The grain's key (Orleans: GetPrimaryKeyString).</summary>
    protected string GrainKey => Activation.Key;

    /// <summary>For calls to other grains.</summary>
    protected IGrainFactory GrainFactory => Activation.Runtime;

    internal void Attach(GrainActivation activation) => _activation = activation;

    /// <summary>Runs once per activation, after the state is loaded and before the first call.</summary>
    public virtual ValueTask OnActivateAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Runs once when the activation is collected or the runtime stops; state is saved after it.</summary>
    public virtual ValueTask OnDeactivateAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>A timer whose ticks run as turns of this activation; it dies with the activation.
    /// A tick is skipped while the previous one is still queued or running.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, ValueTask> callback, TimeSpan dueTime, TimeSpan period)
        => Activation.RegisterTimer(callback, dueTime, period);

    /// <summary>A durable reminder: stored, it survives restarts and re-activates the grain, which must implement <see cref="IRemindable"/>.</summary>
    protected ValueTask RegisterOrUpdateReminderAsync(string name, TimeSpan dueTime, TimeSpan period)
        => Activation.Runtime.Reminders.RegisterAsync(Activation.Type.Name, GrainKey, name, dueTime, period);

    /// <summary>Removes a durable reminder of this grain.</summary>
    protected ValueTask UnregisterReminderAsync(string name)
        => Activation.Runtime.Reminders.UnregisterAsync(Activation.Type.Name, GrainKey, name);

    /// <summary>Asks the runtime to deactivate this activation once the current turn ends.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation();

    internal virtual ValueTask ReadStateAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    internal virtual ValueTask SaveStateAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
