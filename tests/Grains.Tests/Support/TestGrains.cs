using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Runtime;

namespace Sawmill.Grains.Tests.Support;

public interface ICounterGrain : IGrainWithStringKey
{
    ValueTask<int> AddAsync(int amount);

    Task<int> GetAsync();

    /// <summary>Records a call number; yields inside the turn so overlapping turns would show.</summary>
    ValueTask RecordAsync(int number);

    ValueTask<IReadOnlyList<int>> GetRecordedAsync();

    /// <summary>Holds the turn until the gate opens.</summary>
    Task WaitForAsync(Task gate);

    Task FailAsync(string message);

    ValueTask StartTickingAsync(TimeSpan period);

    ValueTask StartReminderAsync(string name, TimeSpan due, TimeSpan period);
}

public sealed class CounterState
{
    public int Total { get; set; }
    public List<int> Recorded { get; set; } = [];
}

/// <summary>A grain exercising every runtime feature; it reports to the <see cref="GrainProbe"/>.</summary>
public sealed class CounterGrain(GrainProbe probe) : Grain<CounterState>, ICounterGrain, IRemindable
{
    private int _inTurn;

    public override ValueTask OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activated(GrainKey);
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnDeactivateAsync(CancellationToken cancellationToken)
    {
        probe.Deactivated(GrainKey);
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> AddAsync(int amount) => ValueTask.FromResult(State.Total += amount);

    public Task<int> GetAsync() => Task.FromResult(State.Total);

    public async ValueTask RecordAsync(int number)
    {
        if (Interlocked.Exchange(ref _inTurn, 1) == 1) probe.Overlapped();
        await Task.Yield();
        State.Recorded.Add(number);
        Volatile.Write(ref _inTurn, 0);
    }

    public ValueTask<IReadOnlyList<int>> GetRecordedAsync() => ValueTask.FromResult<IReadOnlyList<int>>(State.Recorded.ToList());

    public async Task WaitForAsync(Task gate) => await gate;

    public Task FailAsync(string message) => throw new InvalidOperationException(message);

    public ValueTask StartTickingAsync(TimeSpan period)
    {
        RegisterGrainTimer(_ =>
        {
            if (Interlocked.Exchange(ref _inTurn, 1) == 1) probe.Overlapped();
            probe.Ticked(GrainKey);
            Volatile.Write(ref _inTurn, 0);
            return ValueTask.CompletedTask;
        }, period, period);
        return ValueTask.CompletedTask;
    }

    public ValueTask StartReminderAsync(string name, TimeSpan due, TimeSpan period) => RegisterOrUpdateReminderAsync(name, due, period);

    public ValueTask ReceiveReminderAsync(string reminderName, DateTimeOffset dueAt)
    {
        probe.Reminded(GrainKey, reminderName, dueAt);
        return ValueTask.CompletedTask;
    }
}
