using System.Diagnostics;
using System.Text.Json;

namespace Sawmill.Liveness;

/// <summary>Polls GET /api/v1/nodes?status=DOWN and remembers every node it saw DOWN, and whether that was before
/// the sample stopped. A poll never starts sooner than the previous one took, so a long list slows the watcher
/// down rather than loading the silo with back-to-back requests.</summary>
internal sealed class DownWatcher(HttpClient http)
{
    private readonly HashSet<string> _downBeforeStop = new(StringComparer.Ordinal);
    private readonly HashSet<string> _downAfterStop = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _stoppedAt = long.MaxValue;
    private int _polls;
    private int _failedPolls;

    /// <summary>The pause between polls.</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromSeconds(1);

    public int Polls => _polls;

    public int FailedPolls => _failedPolls;

    /// <summary>From this timestamp on, a DOWN node may be one of the stopped ones.</summary>
    public void SampleStopsAt(long timestamp) => Interlocked.Exchange(ref _stoppedAt, timestamp);

    /// <summary>Nodes seen DOWN before the sample stopped: every one of them is a false failure.</summary>
    public IReadOnlySet<string> DownBeforeStop { get { lock (_lock) return _downBeforeStop.ToHashSet(StringComparer.Ordinal); } }

    public IReadOnlySet<string> DownAfterStop { get { lock (_lock) return _downAfterStop.ToHashSet(StringComparer.Ordinal); } }

    /// <summary>How many of <paramref name="nodes"/> were seen DOWN since the sample stopped.</summary>
    public int CountDown(IEnumerable<string> nodes)
    {
        lock (_lock) return nodes.Count(_downAfterStop.Contains);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            await PollAsync(cancellationToken);
            var took = Stopwatch.GetElapsedTime(started);
            try
            {
                await Task.Delay(took > Every ? took : Every, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var body = await http.GetStreamAsync("/api/v1/nodes?status=DOWN", cancellationToken);
            using var nodes = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            var afterStop = started >= Interlocked.Read(ref _stoppedAt);
            lock (_lock)
            {
                foreach (var node in nodes.RootElement.EnumerateArray())
                {
                    (afterStop ? _downAfterStop : _downBeforeStop).Add(node.GetProperty("node_id").GetString()!);
                }
            }
            Interlocked.Increment(ref _polls);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failedPolls);
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
