using System.Threading.Channels;

namespace Sawmill.Grains.Tests.Support;

/// <summary>What test grains report, as channels a test awaits with a timeout.</summary>
public sealed class GrainProbe
{
    private int _activations;
    private int _overlaps;

    public Channel<string> Activations { get; } = Channel.CreateUnbounded<string>();
    public Channel<string> Deactivations { get; } = Channel.CreateUnbounded<string>();
    public Channel<string> Ticks { get; } = Channel.CreateUnbounded<string>();
    public Channel<(string Key, string Name, DateTimeOffset DueAt)> Reminders { get; } = Channel.CreateUnbounded<(string, string, DateTimeOffset)>();

    public int ActivationCount => Volatile.Read(ref _activations);
    public int OverlapCount => Volatile.Read(ref _overlaps);

    public void Activated(string key) { Interlocked.Increment(ref _activations); Activations.Writer.TryWrite(key); }
    public void Deactivated(string key) => Deactivations.Writer.TryWrite(key);
    public void Ticked(string key) => Ticks.Writer.TryWrite(key);
    public void Reminded(string key, string name, DateTimeOffset dueAt) => Reminders.Writer.TryWrite((key, name, dueAt));
    public void Overlapped() => Interlocked.Increment(ref _overlaps);
}
