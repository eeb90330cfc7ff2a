using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Client;

/// <summary>Ships entries to a silo: a bounded buffer (oldest dropped and counted when full, never blocking the caller),
/// batches by size and time, gzip, retries with backoff and jitter, registration at start, heartbeats, and on stop a
/// final flush and a DOWN heartbeat.</summary>
public sealed class SawmillShipper : IAsyncDisposable
{
    private readonly SawmillClientOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly Channel<LogEntry> _buffer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _batchReady = new(0);
    private Task _sending = Task.CompletedTask;
    private Task _beating = Task.CompletedTask;
    private long _enqueued, _dropped, _sent, _rejected, _failedRequests;
    private int _stopped;

    public SawmillShipper(SawmillClientOptions options, TimeProvider? timeProvider = null, HttpMessageHandler? handler = null)
    {
        if (string.IsNullOrWhiteSpace(options.ServiceName)) throw new ArgumentException("Sawmill: ServiceName is required.", nameof(options));
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { BaseAddress = options.Endpoint, Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrWhiteSpace(options.ApiKey)) _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", options.ApiKey);
        _buffer = Channel.CreateBounded<LogEntry>(
            new BoundedChannelOptions(options.BufferCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        NodeId = options.ResolvedNodeId;
    }

    public string NodeId { get; }

    public string ServiceName => _options.ServiceName;

    /// <summary>Entries dropped because the buffer was full (the silo unreachable for too long).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Entries the silo accepted.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Entries the silo refused as invalid (not retried).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Entries queued and not yet sent, rejected or dropped.</summary>
    public long Pending => Interlocked.Read(ref _enqueued) - Sent - Rejected - Dropped;

    /// <summary>Requests that failed and were retried.</summary>
    public long FailedRequests => Interlocked.Read(ref _failedRequests);

    /// <summary>What is buffered and not sent yet (tests read it without starting the shipper).</summary>
    internal ChannelReader<LogEntry> Buffered => _buffer.Reader;

    /// <summary>Queues an entry; never blocks. Its node_id and service_name are this shipper's.</summary>
    public void Enqueue(LogEntry entry)
    {
        Interlocked.Increment(ref _enqueued);
        _buffer.Writer.TryWrite(entry);
        if (_buffer.Reader.Count >= _options.BatchSize && _batchReady.CurrentCount == 0) _batchReady.Release();
    }

    /// <summary>Registers the node (retried in the background until the silo answers) and starts sending and heartbeating.</summary>
    public Task StartAsync(IReadOnlyDictionary<string, JsonElement>? metadata = null)
    {
        _sending = Task.Run(() => SendLoopAsync(metadata));
        return Task.CompletedTask;
    }

    /// <summary>Flushes what is buffered (within ShutdownTimeout) and says goodbye with a DOWN heartbeat.</summary>
    public async Task StopAsync(IReadOnlyDictionary<string, JsonElement>? goodbye = null)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        _buffer.Writer.TryComplete();
        _batchReady.Release();
        using var deadline = new CancellationTokenSource(_options.ShutdownTimeout, _time);
        try { await _sending.WaitAsync(deadline.Token); }
        catch (OperationCanceledException) { /* gave up flushing: the rest stays unsent */ }
        await _stopping.CancelAsync();
        try { await _beating; } catch (OperationCanceledException) { }
        var down = new Heartbeat { NodeId = NodeId, Status = NodeStatus.Down, Timestamp = _time.GetUtcNow(), Properties = goodbye?.ToDictionary() };
        await TryPostAsync([down], CancellationToken.None);
    }

    private async Task SendLoopAsync(IReadOnlyDictionary<string, JsonElement>? metadata)
    {
        var registration = new Registration
        {
            NodeId = NodeId,
            ServiceName = _options.ServiceName,
            Timestamp = _time.GetUtcNow(),
            Properties = Metadata(metadata),
        };
        await SendWithRetriesAsync([registration]);
        _beating = Task.Run(HeartbeatLoopAsync);

        var batch = new List<SawmillMessage>(_options.BatchSize);
        while (await _buffer.Reader.WaitToReadAsync())
        {
            if (_buffer.Reader.Count < _options.BatchSize && Volatile.Read(ref _stopped) == 0)
            {
                // A partial batch waits for the flush interval or until it fills up.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                var flushDue = Task.Delay(_options.FlushInterval, _time, wait.Token);
                await Task.WhenAny(flushDue, _batchReady.WaitAsync(wait.Token));
                await wait.CancelAsync();
            }
            while (batch.Count < _options.BatchSize && _buffer.Reader.TryRead(out var entry)) batch.Add(entry);
            if (batch.Count > 0) await SendWithRetriesAsync(batch);
            batch.Clear();
        }
    }

    private async Task HeartbeatLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        do
        {
            await TryPostAsync([new Heartbeat { NodeId = NodeId, Timestamp = _time.GetUtcNow() }], _stopping.Token);
        }
        while (await timer.WaitForNextTickAsync(_stopping.Token));
    }

    /// <summary>Retries until accepted or refused; while retrying, new entries keep filling (and overflowing) the buffer.</summary>
    private async Task SendWithRetriesAsync(IReadOnlyList<SawmillMessage> messages)
    {
        var delay = _options.RetryDelay;
        while (!await TryPostAsync(messages, CancellationToken.None))
        {
            Interlocked.Increment(ref _failedRequests);
            if (_stopping.IsCancellationRequested) return;
            var jittered = delay * (0.5 + Random.Shared.NextDouble());
            try { await Task.Delay(jittered, _time, _stopping.Token); }
            catch (OperationCanceledException) { return; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
        }
    }

    /// <summary>True when the silo answered for good (accepted, or refused as invalid); false when it is worth retrying.</summary>
    private async Task<bool> TryPostAsync(IReadOnlyList<SawmillMessage> messages, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.PostAsync("/api/v1/events", Body(messages), cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                var rejected = answer?["rejected"]?.AsArray().Count ?? 0;
                Interlocked.Add(ref _rejected, rejected);
                Interlocked.Add(ref _sent, messages.Count(m => m is LogEntry) - rejected);
                return true;
            }
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                Interlocked.Add(ref _rejected, messages.Count);
                return true;
            }
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return false;
        }
    }

    private HttpContent Body(IReadOnlyList<SawmillMessage> messages)
    {
        var ndjson = new MemoryStream();
        foreach (var message in messages)
        {
            JsonSerializer.Serialize(ndjson, message, SawmillJsonContext.Default.SawmillMessage);
            ndjson.WriteByte((byte)'\n');
        }
        HttpContent content;
        if (_options.Gzip)
        {
            var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) ndjson.WriteTo(gzip);
            content = new ByteArrayContent(compressed.ToArray());
            content.Headers.ContentEncoding.Add("gzip");
        }
        else
        {
            content = new ByteArrayContent(ndjson.ToArray());
        }
        content.Headers.ContentType = new("application/x-ndjson") { CharSet = Encoding.UTF8.WebName };
        return content;
    }

    private Dictionary<string, JsonElement>? Metadata(IReadOnlyDictionary<string, JsonElement>? extra)
    {
        var metadata = _options.Metadata.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value));
        if (extra is not null) foreach (var (key, value) in extra) metadata[key] = value;
        metadata.TryAdd("host", JsonSerializer.SerializeToElement(Environment.MachineName));
        metadata.TryAdd("pid", JsonSerializer.SerializeToElement(Environment.ProcessId));
        return metadata;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        _stopping.Dispose();
    }
}
