namespace Sawmill.Grains.Runtime;

/// <summary>The durable table of reminders (SQLite embedded, PostgreSQL scale-out).</summary>
public interface IReminderTable
{
    ValueTask<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken);

    ValueTask UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken);

    ValueTask DeleteAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken);
}

/// <summary>A reminder of one grain: when it is next due and how often it repeats.</summary>
public sealed record ReminderEntry(string GrainType, string GrainKey, string Name, DateTimeOffset NextDue, TimeSpan Period);
