namespace Sawmill.Grains.Runtime;

/// <summary>Where grain state lives between activations (SQLite embedded, PostgreSQL scale-out).</summary>
public interface IGrainStateStore
{
    ValueTask<TState?> ReadAsync<TState>(string grainType, string key, CancellationToken cancellationToken) where TState : class;

    ValueTask WriteAsync<TState>(string grainType, string key, TState state, CancellationToken cancellationToken) where TState : class;

    ValueTask ClearAsync(string grainType, string key, CancellationToken cancellationToken);

    /// <summary>Every stored state of a grain type, with its key (to rebuild read models at start).</summary>
    ValueTask<IReadOnlyList<(string Key, TState State)>> ReadAllAsync<TState>(string grainType, CancellationToken cancellationToken) where TState : class;
}
