using System.Diagnostics;

namespace Sawmill.Liveness;

/// <summary>The fleet's traffic. Registrars register the batches in order, as fast as the silo acknowledges them;
/// meanwhile every round (one heartbeat interval) beats each registered batch once, as a node beats from its own
/// registration on. A round's batches are due evenly spread over it and are shared round-robin among the senders,
/// each posting its batches in order. A sender that falls behind posts at once, so a slow silo shows up as rounds
/// finishing late, not as a lighter load.</summary>
internal sealed class HeartbeatLoad
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly Fleet _fleet;
    private readonly Poster[] _posters;
    private readonly Poster[] _registrars;
    private readonly Round[] _rounds;
    private readonly long[] _lastAck;
    private readonly long[] _registeredAt;
    private readonly DateTimeOffset _epoch = DateTimeOffset.UtcNow;
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _beatsAcked;
    private int _stopRound = int.MaxValue;
    private int _endRound;
    private int _nextRegistration = -1;
    private int _registered;
    private long _registrationFinished;

    public HeartbeatLoad(Fleet fleet, Poster[] posters, Poster[] registrars, int maxRounds)
    {
        _fleet = fleet;
        _posters = posters;
        _registrars = registrars;
        _rounds = Enumerable.Range(0, maxRounds).Select(_ => new Round { Remaining = fleet.Batches }).ToArray();
        _lastAck = new long[fleet.Nodes];
        _registeredAt = new long[fleet.Batches];
        _endRound = maxRounds;
    }

    public long Start => _start;

    /// <summary>Registration batches answered 202 so far.</summary>
    public int RegisteredBatches => Volatile.Read(ref _registered);

    /// <summary>When the last registration batch was answered 202; null until then.</summary>
    public long? RegistrationFinished => Interlocked.Read(ref _registrationFinished) is > 0 and var at ? at : null;

    /// <summary>Heartbeats answered 202 so far (registrations not included).</summary>
    public long BeatsAcked => Interlocked.Read(ref _beatsAcked);

    /// <summary>The senders begin no round from this one on.</summary>
    public int EndRound => Volatile.Read(ref _endRound);

    /// <summary>The schedule's timestamps as wall-clock time, comparable with the silo's.</summary>
    public DateTimeOffset WallTime(long timestamp) => _epoch + Stopwatch.GetElapsedTime(_start, timestamp);

    public long RoundStart(int round) => _start + (long)(round * Interval.TotalSeconds * Stopwatch.Frequency);

    public int RoundAt(long timestamp) => (int)((timestamp - _start) / (Interval.TotalSeconds * Stopwatch.Frequency));

    /// <summary>When the last batch of a round was answered 202; null while pending or when a batch was dropped.</summary>
    public long? Finished(int round) => _rounds[round] is { Remaining: 0, Dropped: false, Finished: var at } ? at : null;

    /// <summary>Whether a round left out batches not registered yet (a round during registration).</summary>
    public bool Partial(int round) => _rounds[round].Unregistered;

    /// <summary>The timestamp of the last 202 covering a node (tracked for the stopped nodes only).</summary>
    public long LastAck(int node) => Volatile.Read(ref _lastAck[node]);

    /// <summary>Registers and beats until <see cref="EndAfter"/>; registration gives up at <paramref name="registrationDeadline"/>.</summary>
    public Task RunAsync(long registrationDeadline, CancellationToken cancellationToken) => Task.WhenAll(
        _posters.Select((poster, sender) => Task.Run(() => SendAsync(poster, sender, cancellationToken), CancellationToken.None))
            .Concat(_registrars.Select(registrar => Task.Run(() => RegisterAsync(registrar, registrationDeadline, cancellationToken), CancellationToken.None))));

    /// <summary>Leaves the stopped nodes out from the next round on; returns when that round starts.</summary>
    public long StopSampleAfter(long now)
    {
        var round = RoundAt(now) + 1;
        Volatile.Write(ref _stopRound, round);
        return RoundStart(round);
    }

    /// <summary>Lets the senders finish the round under way and begin no other.</summary>
    public void EndAfter(long now) => Volatile.Write(ref _endRound, Math.Min(_endRound, RoundAt(now) + 1));

    private async Task SendAsync(Poster poster, int sender, CancellationToken cancellationToken)
    {
        for (var round = 0; round < EndRound && !cancellationToken.IsCancellationRequested; round++)
        {
            for (var batch = sender; batch < _fleet.Batches; batch += _posters.Length)
            {
                var due = RoundStart(round) + (long)(batch * Interval.TotalSeconds * Stopwatch.Frequency / _fleet.Batches);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(wait, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
                if (cancellationToken.IsCancellationRequested) return;
                await SendBatchAsync(poster, round, batch, cancellationToken);
            }
        }
    }

    private async Task RegisterAsync(Poster registrar, long deadline, CancellationToken cancellationToken)
    {
        for (var batch = Interlocked.Increment(ref _nextRegistration);
             batch < _fleet.Batches && Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested;
             batch = Interlocked.Increment(ref _nextRegistration))
        {
            if (await registrar.PostAsync(_fleet.RegistrationBody(batch), cancellationToken) is not { } at) continue;
            // A registration is the node's first beat.
            foreach (var node in _fleet.StoppedIn(batch)) Volatile.Write(ref _lastAck[node], at);
            Volatile.Write(ref _registeredAt[batch], at);
            if (Interlocked.Increment(ref _registered) == _fleet.Batches) Interlocked.Exchange(ref _registrationFinished, at);
        }
    }

    private async Task SendBatchAsync(Poster poster, int round, int batch, CancellationToken cancellationToken)
    {
        var state = _rounds[round];
        if (Volatile.Read(ref _registeredAt[batch]) == 0)
        {
            state.Unregistered = true;
        }
        else
        {
            var withoutStopped = round >= Volatile.Read(ref _stopRound);
            var beats = _fleet.BeatCount(batch, withoutStopped);
            var acked = beats == 0 ? Stopwatch.GetTimestamp() : await poster.PostAsync(_fleet.BeatBody(batch, withoutStopped), cancellationToken);
            if (acked is { } at)
            {
                Interlocked.Add(ref _beatsAcked, beats);
                if (!withoutStopped)
                {
                    foreach (var node in _fleet.StoppedIn(batch)) Volatile.Write(ref _lastAck[node], at);
                }
            }
            else
            {
                state.Dropped = true;
            }
        }
        if (Interlocked.Decrement(ref state.Remaining) == 0) state.Finished = Stopwatch.GetTimestamp();
    }

    private sealed class Round
    {
        public int Remaining;
        public volatile bool Dropped;
        public volatile bool Unregistered;
        public long Finished;
    }
}
