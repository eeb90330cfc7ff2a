namespace Sawmill.Grains.Runtime;

/// <summary>The grain classes of this silo, by interface and by stable name.</summary>
public sealed class GrainTypeRegistry(IEnumerable<GrainType> types)
{
    private readonly Dictionary<Type, GrainType> _byInterface = types.ToDictionary(t => t.Interface);
    private readonly Dictionary<string, GrainType> _byName = types.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<GrainType> All => _byName.Values;

    public GrainType ForInterface(Type grainInterface) => _byInterface.TryGetValue(grainInterface, out var type)
        ? type
        : throw new InvalidOperationException($"No grain class is registered for {grainInterface.Name}: call AddGrain<{grainInterface.Name}, TGrain>().");

    public GrainType ForName(string name) => _byName.TryGetValue(name, out var type)
        ? type
        : throw new InvalidOperationException($"No grain class named {name} is registered.");

    public bool TryGetByName(string name, out GrainType type) => _byName.TryGetValue(name, out type!);
}
