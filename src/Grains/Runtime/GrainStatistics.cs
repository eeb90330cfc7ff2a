using System.Collections.Concurrent;

namespace Sawmill.Grains.Runtime;

/// <summary>The statistics of every grain type of the runtime.</summary>
internal sealed class GrainStatistics(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, GrainTypeStatistics> _byType = new();

    public GrainTypeStatistics For(string grainType) => _byType.GetOrAdd(grainType, name => new GrainTypeStatistics(name, timeProvider));
}
