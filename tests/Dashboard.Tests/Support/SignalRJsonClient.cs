using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Sawmill.Dashboard.Tests.Support;

/// <summary>A minimal SignalR client speaking the JSON hub protocol over a real WebSocket (no .NET SignalR client restores here):
/// handshake, stream invocations, and the stream items as JSON.</summary>
public sealed class SignalRJsonClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;

    /// <summary>Every stream item received: (invocationId, item).</summary>
    public Channel<(string InvocationId, JsonNode Item)> Items { get; } = Channel.CreateUnbounded<(string, JsonNode)>();

    /// <summary>Every other message but pings: completions (with errors), close.</summary>
    public Channel<JsonNode> Others { get; } = Channel.CreateUnbounded<JsonNode>();

    public static async Task<SignalRJsonClient> ConnectAsync(Uri hub)
    {
        var client = new SignalRJsonClient();
        var ws = new UriBuilder(hub) { Scheme = hub.Scheme == "https" ? "wss" : "ws" }.Uri;
        await client._socket.ConnectAsync(ws, CancellationToken.None);
        await client.SendAsync("""{"protocol":"json","version":1}""");
        var handshake = await client.ReceiveRecordAsync();
        if (handshake != "{}") throw new InvalidOperationException($"Handshake refused: {handshake}");
        client._receiving = client.ReceiveLoopAsync();
        return client;
    }

    /// <summary>Starts a server-to-client stream: {"type":4, "invocationId", "target", "arguments"}.</summary>
    public Task StreamAsync(string invocationId, string target, params JsonNode?[] arguments)
        => SendAsync(new JsonObject { ["type"] = 4, ["invocationId"] = invocationId, ["target"] = target, ["arguments"] = new JsonArray(arguments) }.ToJsonString());

    private async Task SendAsync(string json)
        => await _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                foreach (var record in (await ReceiveRecordAsync()).Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
                {
                    var message = JsonNode.Parse(record)!;
                    if ((int?)message["type"] == 2) Items.Writer.TryWrite(((string)message["invocationId"]!, message["item"]!));
                    else if ((int?)message["type"] != 6) Others.Writer.TryWrite(message);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            Items.Writer.TryComplete();
        }
    }

    private async Task<string> ReceiveRecordAsync()
    {
        var text = new StringBuilder();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (result.MessageType == WebSocketMessageType.Close) throw new WebSocketException("The hub closed the connection.");
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (result.EndOfMessage && text.Length > 0 && text[^1] == RecordSeparator) return text.ToString().TrimEnd(RecordSeparator);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _receiving; } catch (OperationCanceledException) { }
        _socket.Dispose();
    }
}
