using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Grpc.Net.Client;
using Sawmill.Grains.Interfaces;
using Sawmill.Silo.Protocols.Otlp.Wire;

namespace Sawmill.Protocols;

/// <summary>Where a silo listens: its main HTTP address, the OTLP/gRPC port and the syslog port.</summary>
internal sealed record Endpoints(Uri Http, int GrpcPort, int SyslogPort);

/// <summary>One way into the silo: how a batch of entries is encoded, and how a client sends it.</summary>
internal abstract class Transport(string name, string wire) : IAsyncDisposable
{
    public string Name { get; } = name;

    /// <summary>What goes over the wire, for the report.</summary>
    public string Wire { get; } = wire;

    /// <summary>True where the transport may lose what it was given (UDP): the run then counts what arrived.</summary>
    public virtual bool Lossy => false;

    public abstract Task OpenAsync(Endpoints endpoints, int clients);

    /// <summary>A batch as its payload, and the payload's size on the wire.</summary>
    public abstract (object Payload, long Bytes) Encode(LogEntry[] batch);

    /// <summary>Sends one payload on client <paramref name="client"/>'s connection; throws unless it was taken.</summary>
    public abstract Task SendAsync(object payload, int client);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static IReadOnlyList<Func<Transport>> All() =>
    [
        () => new HttpTransport("ndjson", "Sawmill NDJSON, POST /api/v1/events", "/api/v1/events", "application/x-ndjson", HttpStatusCode.Accepted, Encoders.Ndjson),
        () => new HttpTransport("ndjson-props", "Sawmill NDJSON with the CLEF event's 7 extra properties", "/api/v1/events", "application/x-ndjson", HttpStatusCode.Accepted, Encoders.NdjsonWithClefProperties),
        () => new HttpTransport("clef", "Seq CLEF, POST /api/events/raw?clef", "/api/events/raw?clef", "application/vnd.serilog.clef", HttpStatusCode.Created, Encoders.Clef),
        () => new HttpTransport("otlp-protobuf", "OTLP/HTTP protobuf, POST /v1/logs", "/v1/logs", "application/x-protobuf", HttpStatusCode.OK, b => Encoders.Otlp(b).ToByteArray()),
        () => new HttpTransport("otlp-json", "OTLP/HTTP JSON, POST /v1/logs", "/v1/logs", "application/json", HttpStatusCode.OK, Encoders.OtlpJson),
        () => new GrpcTransport(),
        () => new HttpTransport("elastic-bulk", "Elasticsearch _bulk (ECS, create with _id)", "/api/v1/_elastic/_bulk", "application/x-ndjson", HttpStatusCode.OK, Encoders.ElasticBulk),
        () => new SyslogTcpTransport(),
        () => new SyslogUdpTransport(),
    ];
}

/// <summary>A POST per batch over HTTP/1.1 keep-alive connections, one per client.</summary>
internal sealed class HttpTransport(string name, string wire, string path, string contentType, HttpStatusCode expected, Func<LogEntry[], byte[]> encode)
    : Transport(name, wire)
{
    private HttpClient? _http;

    public override Task OpenAsync(Endpoints endpoints, int clients)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = endpoints.Http, Timeout = TimeSpan.FromMinutes(2) };
        return Task.CompletedTask;
    }

    public override (object Payload, long Bytes) Encode(LogEntry[] batch)
    {
        var body = encode(batch);
        return (body, body.Length);
    }

    public override async Task SendAsync(object payload, int client)
    {
        var content = new ByteArrayContent((byte[])payload);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _http!.PostAsync(path, content);
        var answer = await response.Content.ReadAsStringAsync();
        // Bulk answers 200 with per-item errors; a refused entry of any transport also shows as a shortfall in the count.
        if (response.StatusCode != expected || answer.Contains("\"errors\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{Name}: POST {path} answered {(int)response.StatusCode}: {answer[..Math.Min(answer.Length, 500)]}");
        }
    }

    public override ValueTask DisposeAsync()
    {
        _http?.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>OTLP/gRPC LogsService/Export, the generated client over one HTTP/2 channel (its streams multiplexed).</summary>
internal sealed class GrpcTransport() : Transport("otlp-grpc", "OTLP/gRPC LogsService/Export, HTTP/2")
{
    private GrpcChannel? _channel;
    private LogsService.LogsServiceClient? _client;

    public override Task OpenAsync(Endpoints endpoints, int clients)
    {
        _channel = GrpcChannel.ForAddress($"http://{endpoints.Http.Host}:{endpoints.GrpcPort}");
        _client = new LogsService.LogsServiceClient(_channel);
        return Task.CompletedTask;
    }

    public override (object Payload, long Bytes) Encode(LogEntry[] batch)
    {
        var request = Encoders.Otlp(batch);
        return (request, request.CalculateSize());
    }

    public override async Task SendAsync(object payload, int client)
    {
        var response = await _client!.ExportAsync((ExportLogsServiceRequest)payload);
        if (response.PartialSuccess is { RejectedLogRecords: > 0 } partial)
        {
            throw new InvalidOperationException($"{Name}: {partial.RejectedLogRecords} rejected: {partial.ErrorMessage}");
        }
    }

    public override ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>RFC 5424 over TCP with octet counting, a connection per client, a batch written as one buffer. TCP has no
/// acknowledgement in syslog: "sent" means in the socket.</summary>
internal sealed class SyslogTcpTransport() : Transport("syslog-tcp", "syslog RFC 5424 over TCP, octet counting")
{
    private TcpClient[] _connections = [];

    public override async Task OpenAsync(Endpoints endpoints, int clients)
    {
        _connections = new TcpClient[clients];
        for (var i = 0; i < clients; i++)
        {
            _connections[i] = new TcpClient { NoDelay = true };
            await _connections[i].ConnectAsync(IPAddress.Loopback, endpoints.SyslogPort);
        }
    }

    public override (object Payload, long Bytes) Encode(LogEntry[] batch)
    {
        var frames = Encoders.OctetCounted(batch);
        return (frames, frames.Length);
    }

    public override async Task SendAsync(object payload, int client) => await _connections[client].GetStream().WriteAsync((byte[])payload);

    public override ValueTask DisposeAsync()
    {
        foreach (var connection in _connections) connection.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>RFC 5424 over UDP, a datagram per message, unpaced, as a syslog daemon forwards: what a full socket buffer
/// or queue drops is lost, and the run reports how much arrived.</summary>
internal sealed class SyslogUdpTransport() : Transport("syslog-udp", "syslog RFC 5424 over UDP, a datagram per message")
{
    private Socket[] _sockets = [];

    public override bool Lossy => true;

    public override Task OpenAsync(Endpoints endpoints, int clients)
    {
        _sockets = new Socket[clients];
        for (var i = 0; i < clients; i++)
        {
            _sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _sockets[i].Connect(IPAddress.Loopback, endpoints.SyslogPort);
        }
        return Task.CompletedTask;
    }

    public override (object Payload, long Bytes) Encode(LogEntry[] batch)
    {
        var datagrams = batch.Select(e => Encoding.UTF8.GetBytes(Encoders.Syslog(e))).ToArray();
        return (datagrams, datagrams.Sum(d => (long)d.Length));
    }

    public override async Task SendAsync(object payload, int client)
    {
        foreach (var datagram in (byte[][])payload) await _sockets[client].SendAsync(datagram, SocketFlags.None);
    }

    public override ValueTask DisposeAsync()
    {
        foreach (var socket in _sockets) socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
