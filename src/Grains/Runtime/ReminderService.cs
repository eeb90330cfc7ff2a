using Microsoft.Extensions.Logging;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Runtime;

/// <summary>Fires durable reminders: one timer set to the earliest due entry; firing re-activates the grain.</summary>
internal sealed class ReminderService(GrainRuntime runtime, IReminderTable table, GrainTypeRegistry registry, ILogger logger) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Type, string Key, string Name), ReminderEntry> _entries = [];
    private readonly CancellationTokenSource _disposed = new();
    private ITimer? _timer;
    private bool _firing;
    private bool _fireAgain;
    private Task _firingTask = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var stored = await table.ReadAllAsync(cancellationToken);
        lock (_lock)
        {
            foreach (var entry in stored) _entries[(entry.GrainType, entry.GrainKey, entry.Name)] = entry;
            _timer = runtime.TimeProvider.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        Reschedule();
    }

    public async ValueTask RegisterAsync(string grainType, string grainKey, string name, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        var entry = new ReminderEntry(grainType, grainKey, name, runtime.TimeProvider.GetUtcNow() + dueTime, period);
        await table.UpsertAsync(entry, CancellationToken.None);
        lock (_lock) _entries[(grainType, grainKey, name)] = entry;
        Reschedule();
    }

    public async ValueTask UnregisterAsync(string grainType, string grainKey, string name)
    {
        await table.DeleteAsync(grainType, grainKey, name, CancellationToken.None);
        lock (_lock) _entries.Remove((grainType, grainKey, name));
        Reschedule();
    }

    private void Reschedule()
    {
        lock (_lock)
        {
            if (_timer is null || _disposed.IsCancellationRequested) return;
            if (_entries.Count == 0) { _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan); return; }
            var earliest = _entries.Values.Min(e => e.NextDue);
            var delay = earliest - runtime.TimeProvider.GetUtcNow();
            _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_firing) { _fireAgain = true; return; }
            _firing = true;
            _firingTask = FireDueAsync();
        }
    }

    private async Task FireDueAsync()
    {
        while (true)
        {
            var now = runtime.TimeProvider.GetUtcNow();
            List<ReminderEntry> due;
            lock (_lock) due = _entries.Values.Where(e => e.NextDue <= now).ToList();
            foreach (var entry in due)
            {
                if (_disposed.IsCancellationRequested) break;
                await FireAsync(entry, now);
            }
            lock (_lock)
            {
                if (!_fireAgain || _disposed.IsCancellationRequested) { _firing = false; break; }
                _fireAgain = false;
            }
        }
        Reschedule();
    }

    private async Task FireAsync(ReminderEntry entry, DateTimeOffset now)
    {
        var missed = (long)Math.Floor((now - entry.NextDue) / entry.Period) + 1;
        var next = entry with { NextDue = entry.NextDue + entry.Period * missed };
        try
        {
            await table.UpsertAsync(next, CancellationToken.None);
            lock (_lock)
            {
                // Keep a re-registration that happened meanwhile.
                if (_entries.TryGetValue((entry.GrainType, entry.GrainKey, entry.Name), out var current) && current == entry)
                {
                    _entries[(entry.GrainType, entry.GrainKey, entry.Name)] = next;
                }
            }
            Reschedule();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Reminder {Reminder} of grain {GrainType}/{GrainKey} could not be rescheduled", entry.Name, entry.GrainType, entry.GrainKey);
            return;
        }

        if (!registry.TryGetByName(entry.GrainType, out _))
        {
            logger.LogWarning("Reminder {Reminder} names grain type {GrainType}, which this silo does not host", entry.Name, entry.GrainType);
            return;
        }
        // The call is not awaited here: one slow grain must not hold back the other reminders.
        _ = DeliverAsync(entry);
    }

    private async Task DeliverAsync(ReminderEntry entry)
    {
        try
        {
            await runtime.InvokeAsync(entry.GrainType, entry.GrainKey, nameof(IRemindable.ReceiveReminderAsync), async grain =>
            {
                if (grain is not IRemindable remindable)
                {
                    throw new InvalidOperationException($"Grain {entry.GrainType} registered a reminder but does not implement IRemindable.");
                }
                await remindable.ReceiveReminderAsync(entry.Name, entry.NextDue);
                return null;
            });
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Reminder {Reminder} of grain {GrainType}/{GrainKey} failed", entry.Name, entry.GrainType, entry.GrainKey);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task firing;
        lock (_lock)
        {
            _disposed.Cancel();
            _timer?.Dispose();
            firing = _firingTask;
        }
        await firing;
    }
}
