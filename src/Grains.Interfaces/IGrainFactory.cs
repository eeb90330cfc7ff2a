namespace Sawmill.Grains.Interfaces;

/// <summary>Hands out grain references; the first call through one activates the grain.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrain"/> with this key.</summary>
    TGrain GetGrain<TGrain>(string key) where TGrain : class, IGrainWithStringKey;
}
