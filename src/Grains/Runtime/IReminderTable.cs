namespace Sawmill.Grains.Runtime;

/// <summary>The durable table of reminders (SQLite embedded, PostgreSQL scale-out).</summary>
public interface IReminderTable
{
    ValueTask<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken);

    ValueTask UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken);

    ValueTask DeleteAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken);
}

/// <summary>A reminder of one grain: when it was first due and how often it repeats. Later due times follow from
/// these two, so firing a reminder writes nothing (as in Orleans, whose reminder table keeps StartAt and Period).</summary>
public sealed record ReminderEntry(string GrainType, string GrainKey, string Name, DateTimeOffset FirstDue, TimeSpan Period)
{
    /// <summary>The first due time at or after <paramref name="time"/>.</summary>
    public DateTimeOffset DueAtOrAfter(DateTimeOffset time)
        => time <= FirstDue ? FirstDue : FirstDue + Period * Math.Ceiling((time - FirstDue) / Period);
}
