using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Sawmill.Grains.Runtime;

/// <summary>One live instance of a grain: a bounded mailbox drained one turn at a time.</summary>
internal sealed class GrainActivation
{
    private readonly Channel<WorkItem> _mailbox;
    private readonly List<GrainTimer> _timers = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly GrainTypeStatistics _statistics;
    private long _lastActive;
    private int _deactivationRequested;
    private bool _activated;

    public GrainActivation(GrainRuntime runtime, GrainType type, string key, Grain grain, int mailboxCapacity)
    {
        Runtime = runtime;
        Type = type;
        Key = key;
        Grain = grain;
        _statistics = runtime.Statistics.For(type.Name);
        _mailbox = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(mailboxCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _lastActive = runtime.TimeProvider.GetTimestamp();
        grain.Attach(this);
        Completion = RunAsync();
    }

    public GrainRuntime Runtime { get; }

    public GrainType Type { get; }

    public string Key { get; }

    public Grain Grain { get; }

    /// <summary>Ends when the activation has deactivated.</summary>
    public Task Completion { get; }

    /// <summary>Cancelled when the activation starts deactivating.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public int MailboxDepth => _mailbox.Reader.Count;

    /// <summary>No call was queued or ran since the timestamp (timer ticks do not keep a grain alive).</summary>
    public bool IsIdleSince(long timestamp) => Volatile.Read(ref _lastActive) <= timestamp;

    /// <summary>Queues an item, waiting for room up to the mailbox timeout; false if the activation has closed.</summary>
    public async ValueTask<bool> EnqueueAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (item.IsCall) Volatile.Write(ref _lastActive, Runtime.TimeProvider.GetTimestamp());
        var writer = _mailbox.Writer;
        if (writer.TryWrite(item)) return true;
        var timeout = Runtime.Options.MailboxFullTimeout;
        using var timeoutSource = new CancellationTokenSource(timeout, Runtime.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        try
        {
            while (await writer.WaitToWriteAsync(linked.Token))
            {
                if (writer.TryWrite(item)) return true;
            }
            return false;
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new GrainOverloadedException(Type.Name, Key, timeout);
        }
    }

    /// <summary>Queues an item only if there is room right now (timer ticks, deactivation).</summary>
    public bool TryPost(WorkItem item) => _mailbox.Writer.TryWrite(item);

    public void RequestDeactivation()
    {
        if (Interlocked.Exchange(ref _deactivationRequested, 1) == 0 && !TryPost(new DeactivateItem()))
        {
            // A full mailbox means the grain is busy, not idle: try again at the next collection.
            Volatile.Write(ref _deactivationRequested, 0);
        }
    }

    /// <summary>Deactivates once the queued items have run, waiting for room in the mailbox (runtime shutdown).</summary>
    public async Task DeactivateAsync()
    {
        Volatile.Write(ref _deactivationRequested, 1);
        try { await _mailbox.Writer.WriteAsync(new DeactivateItem()); }
        catch (System.Threading.Channels.ChannelClosedException) { /* already closed */ }
        await Completion;
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, ValueTask> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, callback, dueTime, period);
        lock (_timers) _timers.Add(timer);
        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_timers) _timers.Remove(timer);
    }

    private async Task RunAsync()
    {
        await Task.Yield();
        try
        {
            await Grain.ReadStateAsync(Stopping);
            await Grain.OnActivateAsync(Stopping);
            _statistics.Activated();
            _activated = true;
        }
        catch (Exception ex)
        {
            Runtime.Logger.LogError(ex, "Activation of grain {GrainType}/{GrainKey} failed", Type.Name, Key);
            Close(failure: ex);
            return;
        }

        var reader = _mailbox.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var item))
            {
                if (item is DeactivateItem)
                {
                    await DeactivateTurnAsync();
                    return;
                }
                await RunTurnAsync(item);
            }
        }
    }

    private async Task RunTurnAsync(WorkItem item)
    {
        var started = Runtime.TimeProvider.GetTimestamp();
        try
        {
            await item.ExecuteAsync(Grain);
        }
        catch (Exception ex)
        {
            Runtime.Logger.LogError(ex, "A turn of grain {GrainType}/{GrainKey} failed", Type.Name, Key);
        }
        finally
        {
            var ended = Runtime.TimeProvider.GetTimestamp();
            if (item.IsCall)
            {
                _statistics.TurnCompleted(Runtime.TimeProvider.GetElapsedTime(started, ended), Runtime.TimeProvider.GetUtcNow());
                // The start, not the end: a caller may see its result (and move the clock) before this finally runs.
                Volatile.Write(ref _lastActive, started);
            }
            item.Complete();
        }
    }

    private async Task DeactivateTurnAsync()
    {
        _stopping.Cancel();
        GrainTimer[] timers;
        lock (_timers) timers = [.. _timers];
        foreach (var timer in timers) timer.Dispose();
        try
        {
            await Grain.OnDeactivateAsync(CancellationToken.None);
            await Grain.SaveStateAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            Runtime.Logger.LogError(ex, "Deactivation of grain {GrainType}/{GrainKey} failed", Type.Name, Key);
        }
        Close(failure: null);
    }

    /// <summary>Stops taking items; items that arrived meanwhile go to a fresh activation (or fail with the activation's error).</summary>
    private void Close(Exception? failure)
    {
        _mailbox.Writer.TryComplete();
        Runtime.Remove(this);
        if (_activated) _statistics.Deactivated();
        while (_mailbox.Reader.TryRead(out var item))
        {
            if (item is DeactivateItem or GrainTimer) continue;
            if (failure is not null) item.Fail(failure);
            else Runtime.Redeliver(Type, Key, item);
        }
    }
}
