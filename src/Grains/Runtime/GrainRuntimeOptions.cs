namespace Sawmill.Grains.Runtime;

/// <summary>Settings of the grain runtime (section <c>GrainRuntime</c>).</summary>
public sealed class GrainRuntimeOptions
{
    public const string SectionName = "GrainRuntime";

    /// <summary>An activation idle this long is deactivated and its state saved (Orleans: CollectionAge).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Calls queued per activation before callers wait for room.</summary>
    public int MailboxCapacity { get; set; } = 1024;

    /// <summary>How long a caller waits for room in a full mailbox before <see cref="GrainOverloadedException"/>.</summary>
    public TimeSpan MailboxFullTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
