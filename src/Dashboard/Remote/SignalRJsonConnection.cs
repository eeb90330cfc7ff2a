using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Sawmill.Dashboard.Remote;

/// <summary>
/// A SignalR client for server-to-client streams, speaking the JSON hub protocol over a WebSocket (no .NET SignalR
/// client restores in this feed): handshake, stream invocations, stream items and completions, pings both ways.
/// Records are JSON texts ended by 0x1E; a WebSocket message may hold several, and a record may span several messages.
/// </summary>
public sealed class SignalRJsonConnection : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private const int StreamItem = 2, Completion = 3, StreamInvocation = 4, Ping = 6, Close = 7;

    /// <summary>Half the server's default client timeout (30 s): a connection that says nothing for that long is dropped.</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _streams = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _received = new byte[16 * 1024];
    private int _start, _end, _nextInvocation;
    private Task _receiving = Task.CompletedTask, _pinging = Task.CompletedTask;

    private SignalRJsonConnection() { }

    /// <summary>Completes when the connection ends: faulted with the reason, unless it was disposed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Connects to a hub URL (http(s) or ws(s)) and completes the handshake.</summary>
    public static async Task<SignalRJsonConnection> ConnectAsync(Uri hub, CancellationToken cancellationToken)
    {
        var connection = new SignalRJsonConnection();
        try
        {
            var ws = new UriBuilder(hub) { Scheme = hub.Scheme is "https" or "wss" ? "wss" : "ws" }.Uri;
            await connection._socket.ConnectAsync(ws, cancellationToken);
            await connection.SendAsync("""{"protocol":"json","version":1}""", cancellationToken);
            using var handshake = await connection.ReceiveRecordAsync(cancellationToken)
                ?? throw new WebSocketException("The hub closed the connection during the handshake.");
            if (handshake.RootElement.TryGetProperty("error", out var error)) throw new HubException($"The hub refused the handshake: {error}");
            connection._receiving = connection.ReceiveLoopAsync();
            connection._pinging = connection.PingLoopAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Invokes a streaming hub method. The items arrive on the reader (oldest dropped beyond
    /// <paramref name="capacity"/>); it completes when the hub ends the stream, with the hub's error if any.</summary>
    public async Task<ChannelReader<JsonElement>> StreamAsync(string target, object?[] arguments, int capacity, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextInvocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var items = Channel.CreateBounded<JsonElement>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _streams[id] = items;
        var invocation = new Dictionary<string, object?> { ["type"] = StreamInvocation, ["invocationId"] = id, ["target"] = target, ["arguments"] = arguments };
        await SendAsync(JsonSerializer.Serialize(invocation, options), cancellationToken);
        return items.Reader;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await Task.WhenAll(_receiving, _pinging); }
        catch (OperationCanceledException) { /* stopping */ }
        End(null);
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task SendAsync(string json, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(json + (char)RecordSeparator);
        await _sending.WaitAsync(cancellationToken);
        try { await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken); }
        finally { _sending.Release(); }
    }

    private async Task PingLoopAsync()
    {
        using var timer = new PeriodicTimer(PingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) await SendAsync("""{"type":6}""", _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // the receive loop reports how the connection ended
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (await ReceiveRecordAsync(_stop.Token) is { } record)
            {
                using (record) Dispatch(record.RootElement);
            }
            End(new WebSocketException("The hub closed the connection."));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            End(null);
        }
        catch (Exception ex) when (ex is WebSocketException or JsonException or HubException)
        {
            End(ex);
        }
    }

    private void Dispatch(JsonElement message)
    {
        var type = message.TryGetProperty("type", out var t) ? t.GetInt32() : 0;
        var id = message.TryGetProperty("invocationId", out var i) ? i.GetString() : null;
        switch (type)
        {
            case StreamItem when id is not null && _streams.TryGetValue(id, out var items):
                items.Writer.TryWrite(message.GetProperty("item").Clone());
                break;
            case Completion when id is not null && _streams.TryRemove(id, out var finished):
                finished.Writer.TryComplete(message.TryGetProperty("error", out var error) ? new HubException(error.GetString() ?? "The hub ended the stream with an error.") : null);
                break;
            case Close:
                throw new HubException(message.TryGetProperty("error", out var reason) ? $"The hub closed the connection: {reason.GetString()}" : "The hub closed the connection.");
            case Ping:
            default:
                break;
        }
    }

    /// <summary>The next whole record, or null when the server closed the socket.</summary>
    private async Task<JsonDocument?> ReceiveRecordAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = Array.IndexOf(_received, RecordSeparator, _start, _end - _start);
            if (end >= 0)
            {
                // A copy: the document keeps its memory, and the buffer is reused.
                var record = JsonDocument.Parse(_received.AsSpan(_start, end - _start).ToArray());
                _start = end + 1;
                return record;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_received, _start, _received, 0, _end - _start);
                (_end, _start) = (_end - _start, 0);
            }
            if (_end == _received.Length) Array.Resize(ref _received, _received.Length * 2);
            var result = await _socket.ReceiveAsync(_received.AsMemory(_end), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            _end += result.Count;
        }
    }

    private void End(Exception? reason)
    {
        foreach (var id in _streams.Keys)
        {
            if (_streams.TryRemove(id, out var items)) items.Writer.TryComplete(reason);
        }
        if (reason is null) _closed.TrySetResult();
        else _closed.TrySetException(reason);
    }
}
