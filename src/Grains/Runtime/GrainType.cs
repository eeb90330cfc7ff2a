namespace Sawmill.Grains.Runtime;

/// <summary>A registered grain class: its stable name (used in stored state and reminders), class and interface.</summary>
public sealed record GrainType(string Name, Type Class, Type Interface);
