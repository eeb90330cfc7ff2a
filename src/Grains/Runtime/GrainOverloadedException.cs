namespace Sawmill.Grains.Runtime;

/// <summary>A call found the grain's mailbox full for longer than the configured timeout (load shedding).</summary>
public sealed class GrainOverloadedException(string grainType, string key, TimeSpan waited)
    : Exception($"Grain {grainType}/{key} is overloaded: its mailbox stayed full for {waited.TotalMilliseconds:0} ms.");
