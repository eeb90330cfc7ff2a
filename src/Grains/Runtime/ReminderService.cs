using Microsoft.Extensions.Logging;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Runtime;

/// <summary>Fires durable reminders: due times in a priority queue, one timer set to the earliest; firing
/// re-activates the grain and writes nothing (the next due time follows from the first one and the period).</summary>
internal sealed class ReminderService(GrainRuntime runtime, IReminderTable table, GrainTypeRegistry registry, ILogger logger) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Type, string Key, string Name), Scheduled> _entries = [];
    // Lazy deletion: a queued item whose Scheduled is no longer the current one for its key is skipped when it comes up.
    private readonly PriorityQueue<Scheduled, DateTimeOffset> _queue = new();
    private readonly CancellationTokenSource _disposed = new();
    private ITimer? _timer;
    private DateTimeOffset? _timerDue;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var stored = await table.ReadAllAsync(cancellationToken);
        var now = runtime.TimeProvider.GetUtcNow();
        lock (_lock)
        {
            foreach (var entry in stored) Schedule(entry, entry.DueAtOrAfter(now));
            _timer = runtime.TimeProvider.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            ArmTimer();
        }
    }

    public async ValueTask RegisterAsync(string grainType, string grainKey, string name, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        var entry = new ReminderEntry(grainType, grainKey, name, runtime.TimeProvider.GetUtcNow() + dueTime, period);
        await table.UpsertAsync(entry, CancellationToken.None);
        lock (_lock)
        {
            Schedule(entry, entry.FirstDue);
            ArmTimer();
        }
    }

    public async ValueTask UnregisterAsync(string grainType, string grainKey, string name)
    {
        await table.DeleteAsync(grainType, grainKey, name, CancellationToken.None);
        lock (_lock) _entries.Remove((grainType, grainKey, name));
    }

    private void Schedule(ReminderEntry entry, DateTimeOffset due)
    {
        var scheduled = new Scheduled(entry, due);
        _entries[(entry.GrainType, entry.GrainKey, entry.Name)] = scheduled;
        _queue.Enqueue(scheduled, due);
    }

    /// <summary>Sets the timer to the earliest live due time, unless it is already set to that.</summary>
    private void ArmTimer()
    {
        while (_queue.TryPeek(out var next, out _) && !IsCurrent(next)) _queue.Dequeue();
        if (_timer is null || _disposed.IsCancellationRequested) return;
        if (!_queue.TryPeek(out var earliest, out var due)) { _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan); _timerDue = null; return; }
        if (_timerDue == due) return;
        var delay = due - runtime.TimeProvider.GetUtcNow();
        _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
        _timerDue = due;
    }

    private bool IsCurrent(Scheduled scheduled)
        => _entries.TryGetValue((scheduled.Entry.GrainType, scheduled.Entry.GrainKey, scheduled.Entry.Name), out var current) && ReferenceEquals(current, scheduled);

    private void Fire()
    {
        var due = new List<Scheduled>();
        lock (_lock)
        {
            _timerDue = null;
            var now = runtime.TimeProvider.GetUtcNow();
            while (_queue.TryPeek(out var next, out var at) && at <= now)
            {
                _queue.Dequeue();
                if (!IsCurrent(next)) continue;
                due.Add(next);
                Schedule(next.Entry, next.Entry.DueAtOrAfter(now + TimeSpan.FromTicks(1)));
            }
            ArmTimer();
        }
        // Not awaited: one slow grain must not hold back the other reminders.
        foreach (var scheduled in due) _ = DeliverAsync(scheduled.Entry, scheduled.Due);
    }

    private async Task DeliverAsync(ReminderEntry entry, DateTimeOffset dueAt)
    {
        if (_disposed.IsCancellationRequested) return;
        if (!registry.TryGetByName(entry.GrainType, out _))
        {
            logger.LogWarning("Reminder {Reminder} names grain type {GrainType}, which this silo does not host", entry.Name, entry.GrainType);
            return;
        }
        try
        {
            await runtime.InvokeAsync(entry.GrainType, entry.GrainKey, nameof(IRemindable.ReceiveReminderAsync), async grain =>
            {
                if (grain is not IRemindable remindable)
                {
                    throw new InvalidOperationException($"Grain {entry.GrainType} registered a reminder but does not implement IRemindable.");
                }
                await remindable.ReceiveReminderAsync(entry.Name, dueAt);
                return null;
            });
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Reminder {Reminder} of grain {GrainType}/{GrainKey} failed", entry.Name, entry.GrainType, entry.GrainKey);
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _disposed.Cancel();
            _timer?.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    private sealed record Scheduled(ReminderEntry Entry, DateTimeOffset Due);
}
