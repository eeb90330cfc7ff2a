using System.Diagnostics;
using System.Text.Json;
using Sawmill.Bench;

namespace Sawmill.Liveness;

/// <summary>One fleet size against a fresh silo: idle baseline, registration, warm heartbeating, a measured window,
/// then the stopping sample and how long the silo takes to declare each of its nodes failed.</summary>
internal sealed class FleetRun(string configuration, string workDirectory, TimeSpan timeout)
{
    public const int Senders = 4;
    public const int Registrars = 2;
    public const int MaxBatch = 2000;

    /// <summary>The goal: a stopped node is declared failed within the timeout plus this.</summary>
    public static readonly TimeSpan DetectionAllowance = TimeSpan.FromMilliseconds(500);

    /// <summary>The goal: 100k nodes in less resident memory than this.</summary>
    public const long MemoryGoalBytes = 1L << 30;

    public const int MemoryGoalNodes = 100_000;
    private static readonly TimeSpan RegistrationLimit = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Baseline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Warm = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DetectionSlack = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(20);

    public async Task<FleetResult> RunAsync(int nodes, int stopping, CancellationToken cancellationToken)
    {
        // At least 20 batches a round, so even a small fleet's beats are spread over the interval.
        var fleet = new Fleet(nodes, stopping, Math.Clamp(nodes / 20, 1, MaxBatch));
        var result = new FleetResult { Nodes = nodes, Stopping = fleet.Stopped.Count, BatchSize = fleet.BatchSize, Timeout = timeout };
        using var silo = await SiloChild.StartAsync(configuration, Path.Combine(workDirectory, $"nodes-{nodes}"), $"--NodeHealth:HeartbeatTimeout={timeout:c}");
        var clients = Enumerable.Range(0, Senders + Registrars + 1)
            .Select(_ => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = silo.Address, Timeout = TimeSpan.FromSeconds(30) })
            .ToArray();
        try
        {
            // 1. The idle silo, before any node exists.
            await Task.Delay(Settle, cancellationToken);
            var idleFrom = silo.Sample();
            var idleClock = Stopwatch.StartNew();
            await Task.Delay(Baseline, cancellationToken);
            var idle = silo.Sample();
            result.IdleRssBytes = idle.RssBytes;
            result.IdleCpuPercent = Percent(idle.Cpu - idleFrom.Cpu, idleClock.Elapsed);

            // 2-3. Registration as fast as the silo takes it, and a heartbeat round every interval for the nodes
            // registered so far; DOWN nodes are watched for throughout.
            var tally = new PostTally();
            var rounds = 2 + (int)Math.Ceiling((RegistrationLimit + Warm + Window + timeout + DetectionSlack) / HeartbeatLoad.Interval);
            var load = new HeartbeatLoad(
                fleet,
                clients[..Senders].Select(c => new Poster(c, tally)).ToArray(),
                clients[Senders..(Senders + Registrars)].Select(c => new Poster(c, tally)).ToArray(),
                rounds);
            using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watcher = new DownWatcher(clients[^1]);
            var registrationDeadline = Stopwatch.GetTimestamp() + Ticks(RegistrationLimit);
            var sending = load.RunAsync(registrationDeadline, stopLoad.Token);
            var watching = watcher.RunAsync(stopWatching.Token);
            while (load.RegistrationFinished is null && Stopwatch.GetTimestamp() < registrationDeadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            result.RegistrationSeconds = load.RegistrationFinished is { } registered ? Stopwatch.GetElapsedTime(load.Start, registered).TotalSeconds : null;
            result.RegisteredNodes = Math.Min(nodes, load.RegisteredBatches * fleet.BatchSize);
            var steadyFrom = load.RoundAt(Stopwatch.GetTimestamp()) + 1;

            // 4. The measured window, once every node has been beating for a while.
            await DelayUntil(Stopwatch.GetTimestamp() + Ticks(Warm), cancellationToken);
            var from = silo.Sample();
            var beatsFrom = load.BeatsAcked;
            var clientFrom = Process.GetCurrentProcess().TotalProcessorTime;
            var windowStart = Stopwatch.GetTimestamp();
            var rss = new List<long>();
            while (Stopwatch.GetElapsedTime(windowStart) < Window)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                rss.Add(silo.Sample().RssBytes);
            }
            var to = silo.Sample();
            var elapsed = Stopwatch.GetElapsedTime(windowStart);
            result.BeatsPerSecond = (load.BeatsAcked - beatsFrom) / elapsed.TotalSeconds;
            result.SiloCpuPercent = Percent(to.Cpu - from.Cpu, elapsed);
            result.ClientCpuPercent = Percent(Process.GetCurrentProcess().TotalProcessorTime - clientFrom, elapsed);
            result.RssBytes = (long)rss.Average();
            result.WindowPeakRssBytes = to.PeakRssBytes;

            // 5. Stop the sample right after a round, keep beating the others, and watch the sample go DOWN.
            var stoppedAt = load.StopSampleAfter(Stopwatch.GetTimestamp());
            watcher.SampleStopsAt(stoppedAt);
            watcher.Every = TimeSpan.FromMilliseconds(100);
            var stopped = fleet.Stopped.Select(Fleet.NodeId).ToArray();
            var deadline = stoppedAt + Ticks(timeout + DetectionSlack);
            while (Stopwatch.GetTimestamp() < deadline && watcher.CountDown(stopped) < stopped.Length)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            await stopWatching.CancelAsync();
            await watching;
            load.EndAfter(Stopwatch.GetTimestamp());
            try
            {
                await sending.WaitAsync(Grace, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Senders still retrying an overwhelmed silo: what they hold is counted as dropped.
                await stopLoad.CancelAsync();
                await sending;
            }

            result.PeakRssBytes = silo.Sample().PeakRssBytes;
            result.Retries = tally.Retries;
            result.TooManyRequests = tally.TooManyRequests;
            result.Unavailable = tally.Unavailable;
            result.Errors = tally.Errors;
            result.DroppedBatches = tally.DroppedBatches;
            result.FirstProblem = tally.FirstProblem;
            result.Polls = watcher.Polls;
            result.FailedPolls = watcher.FailedPolls;
            RecordRounds(load, steadyFrom, result);

            var downAfter = watcher.DownAfterStop;
            var downBefore = watcher.DownBeforeStop;
            var sample = stopped.ToHashSet(StringComparer.Ordinal);
            result.FalseFailures = downBefore.Union(downAfter.Where(n => !sample.Contains(n))).Order(StringComparer.Ordinal).ToList();
            await ReadDetectionsAsync(clients[^1], load, fleet.Stopped, load.WallTime(deadline), result, cancellationToken);
            return result;
        }
        catch (Exception ex) when (silo.ExitReport is { } exited)
        {
            throw new InvalidOperationException($"{ex.Message} ({exited})", ex);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>Reads each stopped node's history (newest first): detected when a DOWN entry came after its last
    /// acknowledged beat and by the deadline; the latency is the difference. The history, not the polled list, is
    /// the record: a poll of a long list may miss a node's DOWN moment.</summary>
    private static async Task ReadDetectionsAsync(HttpClient http, HeartbeatLoad load, IReadOnlyList<int> stopped, DateTimeOffset deadline, FleetResult result, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(60));
        var latencies = new List<double>();
        foreach (var node in stopped)
        {
            var id = Fleet.NodeId(node);
            var lastAck = load.WallTime(load.LastAck(node));
            try
            {
                using var details = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/nodes/{id}", bounded.Token));
                var history = details.RootElement.GetProperty("history").EnumerateArray().ToList();
                var down = history.Where(h => h.GetProperty("status").GetString() == "DOWN").Select(h => h.GetProperty("at").GetDateTimeOffset()).FirstOrDefault();
                if (down >= lastAck && down <= deadline)
                {
                    latencies.Add((down - lastAck).TotalMilliseconds);
                    continue;
                }
                if (result.Undetected.Count < 5)
                {
                    var summary = details.RootElement.GetProperty("node");
                    result.Undetected.Add($"{id}: status {summary.GetProperty("status")}, our last 202 {lastAck:HH:mm:ss.fff}Z, deadline {deadline:HH:mm:ss.fff}Z; " +
                        $"newest history {string.Join("; ", history.Take(3).Select(h => h.GetRawText()))}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or KeyNotFoundException or JsonException && !cancellationToken.IsCancellationRequested)
            {
                result.Undetected.Add($"{id} and the rest: reading the histories failed or took over 60 s: {ex.Message}");
                break;
            }
        }
        latencies.Sort();
        result.Detected = latencies.Count;
        result.LatenciesMs = latencies;
    }

    /// <summary>The heartbeat rounds once every node is registered, and those not finished within their interval.</summary>
    private static void RecordRounds(HeartbeatLoad load, int steadyFrom, FleetResult result)
    {
        for (var round = steadyFrom; round < load.EndRound; round++)
        {
            result.Rounds++;
            if (load.Finished(round) is not { } finished)
            {
                result.RoundsLate++;
                result.RoundsIncomplete++;
                continue;
            }
            var took = Stopwatch.GetElapsedTime(load.RoundStart(round), finished);
            if (took > HeartbeatLoad.Interval) result.RoundsLate++;
            if (took.TotalSeconds > result.SlowestRoundSeconds) result.SlowestRoundSeconds = took.TotalSeconds;
        }
    }

    private static double Percent(TimeSpan cpu, TimeSpan wall) => cpu / wall * 100;

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static async Task DelayUntil(long timestamp, CancellationToken cancellationToken)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
    }
}
