namespace Sawmill.Grains.Runtime;

/// <summary>A grain with persistent state: loaded before activation, saved on deactivation and on <see cref="WriteStateAsync"/>.</summary>
public abstract class Grain<TState> : Grain where TState : class, new()
{
    /// <summary>The grain's state; a fresh instance when nothing was stored yet.</summary>
    protected TState State { get; set; } = new();

    /// <summary>Writes the state to the store now.</summary>
    protected ValueTask WriteStateAsync(CancellationToken cancellationToken = default) => SaveStateAsync(cancellationToken);

    /// <summary>Removes the stored state and starts again from a fresh instance.</summary>
    protected async ValueTask ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await Activation.Runtime.StateStore.ClearAsync(Activation.Type.Name, GrainKey, cancellationToken);
        State = new();
    }

    internal override async ValueTask ReadStateAsync(CancellationToken cancellationToken)
        => State = await Activation.Runtime.StateStore.ReadAsync<TState>(Activation.Type.Name, GrainKey, cancellationToken) ?? new();

    internal override ValueTask SaveStateAsync(CancellationToken cancellationToken)
        => Activation.Runtime.StateStore.WriteAsync(Activation.Type.Name, GrainKey, State, cancellationToken);
}
