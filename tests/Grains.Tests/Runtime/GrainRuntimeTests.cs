using Sawmill.Grains.Runtime;
using Sawmill.Grains.Tests.Support;

namespace Sawmill.Grains.Tests.Runtime;

public sealed class GrainRuntimeTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();
    private readonly GrainProbe _probe = new();

    private Task<TestRuntime> StartAsync(Action<GrainRuntimeOptions>? configure = null)
        => TestRuntime.StartAsync(_directory.File("sawmill.db"), _time, _probe, configure);

    [Fact]
    public async Task First_call_activates_the_grain_once_and_later_calls_reuse_it()
    {
        await using var silo = await StartAsync();
        var grain = silo.Runtime.GetGrain<ICounterGrain>("a");

        Assert.Equal(2, await grain.AddAsync(2));
        Assert.Equal(5, await silo.Runtime.GetGrain<ICounterGrain>("a").AddAsync(3));

        Assert.Equal(1, _probe.ActivationCount);
        Assert.Equal(1, silo.Runtime.ActivationCount);
    }

    [Fact]
    public async Task Calls_from_one_caller_run_in_order_and_concurrent_callers_never_overlap()
    {
        await using var silo = await StartAsync();
        var grain = silo.Runtime.GetGrain<ICounterGrain>("ordered");

        var inOrder = Enumerable.Range(0, 200).Select(i => grain.RecordAsync(i).AsTask()).ToList();
        await Task.WhenAll(inOrder);
        Assert.Equal(Enumerable.Range(0, 200), await grain.GetRecordedAsync());

        var concurrent = Enumerable.Range(200, 400).Select(i => Task.Run(() => grain.RecordAsync(i).AsTask()));
        await Task.WhenAll(concurrent);
        Assert.Equal(600, (await grain.GetRecordedAsync()).Count);
        Assert.Equal(0, _probe.OverlapCount);
    }

    [Fact]
    public async Task An_exception_reaches_the_caller_and_the_grain_keeps_serving()
    {
        await using var silo = await StartAsync();
        var grain = silo.Runtime.GetGrain<ICounterGrain>("failing");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.FailAsync("boom"));
        Assert.Equal("boom", error.Message);
        Assert.Equal(1, await grain.AddAsync(1));
    }

    [Fact]
    public async Task Idle_grain_is_deactivated_and_reactivates_with_its_state()
    {
        await using var silo = await StartAsync(o => { o.CollectionAge = TimeSpan.FromMinutes(2); o.CollectionQuantum = TimeSpan.FromMinutes(1); });
        var grain = silo.Runtime.GetGrain<ICounterGrain>("idle");
        await grain.AddAsync(7);
        await Await.Next(_probe.Activations.Reader, "the first activation");

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, silo.Runtime.ActivationCount);
        _time.Advance(TimeSpan.FromMinutes(2));
        await Await.Next(_probe.Deactivations.Reader, "the idle grain to be deactivated");
        await Await.Until(() => silo.Runtime.ActivationCount == 0, "the activation to leave the directory");

        Assert.Equal(7, await grain.GetAsync());
        Assert.Equal(2, _probe.ActivationCount);
    }

    [Fact]
    public async Task State_survives_a_runtime_restart()
    {
        await using (var first = await StartAsync())
        {
            await first.Runtime.GetGrain<ICounterGrain>("durable").AddAsync(41);
        }

        await using var second = await StartAsync();
        Assert.Equal(42, await second.Runtime.GetGrain<ICounterGrain>("durable").AddAsync(1));
    }

    [Fact]
    public async Task Reminder_fires_after_a_restart_and_reactivates_the_grain()
    {
        await using (var first = await StartAsync())
        {
            await first.Runtime.GetGrain<ICounterGrain>("sleeper").StartReminderAsync("check", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        }
        var activationsBefore = _probe.ActivationCount;

        await using var second = await StartAsync();
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(_probe.Reminders.Reader.TryRead(out _), "the reminder must not fire before it is due");
        _time.Advance(TimeSpan.FromMinutes(1));

        var (key, name, dueAt) = await Await.Next(_probe.Reminders.Reader, "the stored reminder to fire after the restart");
        Assert.Equal(("sleeper", "check"), (key, name));
        Assert.Equal(_time.GetUtcNow(), dueAt);
        Assert.Equal(activationsBefore + 1, _probe.ActivationCount);

        _time.Advance(TimeSpan.FromMinutes(5));
        await Await.Next(_probe.Reminders.Reader, "the reminder to repeat after its period");
    }

    [Fact]
    public async Task Timer_ticks_run_as_turns_and_stop_when_the_grain_deactivates()
    {
        await using var silo = await StartAsync(o => { o.CollectionAge = TimeSpan.FromMinutes(10); o.CollectionQuantum = TimeSpan.FromMinutes(10); });
        var grain = silo.Runtime.GetGrain<ICounterGrain>("ticking");
        await grain.StartTickingAsync(TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromSeconds(1));
        await Await.Next(_probe.Ticks.Reader, "a timer tick after 1 s");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Await.Next(_probe.Ticks.Reader, "a second tick after 2 s");

        var timersBefore = _time.ActiveTimers;
        _time.Advance(TimeSpan.FromMinutes(10));
        await Await.Next(_probe.Deactivations.Reader, "the grain to be collected");
        await Await.Until(() => _time.ActiveTimers < timersBefore, "the grain's timer to be disposed");
        while (_probe.Ticks.Reader.TryRead(out _)) { }
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(_probe.Ticks.Reader.TryRead(out _), "a deactivated grain's timer must not tick");
        Assert.Equal(0, _probe.OverlapCount);
    }

    [Fact]
    public async Task Full_mailbox_makes_callers_wait_and_sheds_them_after_the_timeout()
    {
        await using var silo = await StartAsync(o => { o.MailboxCapacity = 2; o.MailboxFullTimeout = TimeSpan.FromSeconds(3); });
        var grain = silo.Runtime.GetGrain<ICounterGrain>("busy");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await grain.AddAsync(0);

        var blocking = grain.WaitForAsync(gate.Task);
        await Await.Until(() => silo.Runtime.GetMetrics().Single().MailboxDepth == 0, "the blocking call to start its turn");
        var queued = new[] { grain.AddAsync(1).AsTask(), grain.AddAsync(2).AsTask() };
        var waiting = grain.AddAsync(3).AsTask();
        var shed = grain.AddAsync(4).AsTask();

        Assert.Equal(2, silo.Runtime.GetMetrics().Single().MailboxDepth);
        Assert.False(waiting.IsCompleted, "a call to a full mailbox waits for room");
        _time.Advance(TimeSpan.FromSeconds(3));
        await Assert.ThrowsAsync<GrainOverloadedException>(() => shed);
        await Assert.ThrowsAsync<GrainOverloadedException>(() => waiting);

        gate.SetResult();
        await Await.Completes(blocking, "the blocked turn to finish once the gate opens");
        Assert.Equal(new[] { 1, 3 }, await Task.WhenAll(queued));
        Assert.Equal(3, await grain.GetAsync());
    }

    [Fact]
    public async Task Metrics_count_activations_calls_rate_and_turn_latency_per_grain_type()
    {
        await using var silo = await StartAsync();
        for (var i = 0; i < 20; i++) await silo.Runtime.GetGrain<ICounterGrain>($"m{i % 4}").AddAsync(1);

        var metrics = silo.Runtime.GetMetrics().Single();
        Assert.Equal(nameof(CounterGrain), metrics.GrainType);
        Assert.Equal(4, metrics.Activations);
        Assert.Equal(4, metrics.TotalActivations);
        Assert.Equal(20, metrics.TotalCalls);
        Assert.Equal(2.0, metrics.CallsPerSecond);
        Assert.True(metrics.TurnLatencyP50Ms > 0 && metrics.TurnLatencyP50Ms <= metrics.TurnLatencyP99Ms);

        _time.Advance(TimeSpan.FromSeconds(GrainTypeStatisticsWindow + 1));
        Assert.Equal(0.0, silo.Runtime.GetMetrics().Single().CallsPerSecond);
    }

    private const int GrainTypeStatisticsWindow = 10;

    public void Dispose() => _directory.Dispose();
}
