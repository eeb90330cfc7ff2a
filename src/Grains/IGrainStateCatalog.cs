namespace Sawmill.Grains;

/// <summary>A grain storage that can list what it holds: the node registry is rebuilt from it when a silo starts, so
/// listing nodes activates no grain.</summary>
public interface IGrainStateCatalog
{
    /// <summary>Every stored state of this name, with the key of its grain.</summary>
    IAsyncEnumerable<(string Key, TState State)> ReadAllAsync<TState>(string stateName, CancellationToken cancellationToken);
}
