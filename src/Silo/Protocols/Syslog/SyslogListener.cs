using Sawmill.Grains;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Sawmill.Silo.Ingestion;

namespace Sawmill.Silo.Protocols.Syslog;

/// <summary>Syslog over UDP and TCP on one port into the ingestion pipeline. Frames wait in one bounded queue: TCP
/// senders are slowed when it is full, UDP datagrams dropped (and counted); UDP has no acknowledgement, so what the
/// network or a full queue loses is lost. Garbage and oversized frames are counted, logged and dropped.</summary>
public sealed class SyslogListener(IOptions<SyslogOptions> options, IServiceProvider services, TimeProvider timeProvider, ILogger<SyslogListener> logger) : BackgroundService
{
    private const int QueueCapacity = 10_000;

    /// <summary>A flood of bad or surplus datagrams logs a line per interval, not per datagram.</summary>
    private static readonly TimeSpan DropLogInterval = TimeSpan.FromSeconds(5);

    private readonly Channel<(string Frame, string Client)> _frames = Channel.CreateBounded<(string, string)>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private Socket? _udp;
    private TcpListener? _tcp;
    private int _connections;
    private long _dropped;
    private long _droppedLogged;
    private long _lastDropLog;
    private long _published;

    /// <summary>The port both transports listen on (the configured one, or the one picked for 0).</summary>
    public int Port { get; private set; }

    /// <summary>Frames dropped: garbage, oversized, refused by the validator, or UDP past a full queue.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Entries published.</summary>
    public long Published => Interlocked.Read(ref _published);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var address = IPAddress.Parse(settings.Address);
        _tcp = new TcpListener(address, settings.Port);
        _tcp.Start();
        Port = ((IPEndPoint)_tcp.LocalEndpoint).Port;
        _udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = settings.UdpReceiveBufferBytes };
        _udp.Bind(new IPEndPoint(address, Port));
        logger.LogInformation("Syslog (RFC 5424 and 3164) listening on udp and tcp {Address}:{Port}", address, Port);
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => Task.WhenAll(ReceiveUdpAsync(stoppingToken), AcceptTcpAsync(stoppingToken), PublishAsync(stoppingToken));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _tcp?.Stop();
        _udp?.Dispose();
        await base.StopAsync(cancellationToken);
    }

    private async Task ReceiveUdpAsync(CancellationToken stoppingToken)
    {
        var buffer = new byte[65_535];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!stoppingToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp!.ReceiveFromAsync(buffer, SocketFlags.None, any, stoppingToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException) { return; }
            catch (SocketException) { continue; }
            if (received.ReceivedBytes > options.Value.MaxMessageBytes) { Drop("an oversized UDP datagram", received.ReceivedBytes, "too_large"); continue; }
            var client = ((IPEndPoint)received.RemoteEndPoint).Address.ToString();
            if (!_frames.Writer.TryWrite((Encoding.UTF8.GetString(buffer, 0, received.ReceivedBytes), client))) Drop("a UDP datagram past the full queue", received.ReceivedBytes, "unavailable");
        }
    }

    private async Task AcceptTcpAsync(CancellationToken stoppingToken)
    {
        var connections = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _tcp!.AcceptTcpClientAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException) { break; }
            if (Interlocked.Increment(ref _connections) > options.Value.MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                logger.LogWarning("Syslog refused a TCP connection: {Max} are open", options.Value.MaxConnections);
                client.Dispose();
                continue;
            }
            connections.RemoveAll(t => t.IsCompleted);
            connections.Add(ReadTcpAsync(client, stoppingToken));
        }
        await Task.WhenAll(connections);
    }

    private async Task ReadTcpAsync(TcpClient client, CancellationToken stoppingToken)
    {
        using var _ = client;
        var address = ((IPEndPoint)client.Client.RemoteEndPoint!).Address.ToString();
        var framing = new SyslogFraming(options.Value.MaxMessageBytes);
        try
        {
            var stream = client.GetStream();
            while (true)
            {
                var read = await stream.ReadAsync(framing.Free, stoppingToken);
                if (read == 0) break;
                var oversized = framing.Oversized;
                foreach (var frame in framing.Add(read)) await _frames.Writer.WriteAsync((frame, address), stoppingToken);
                if (framing.Oversized > oversized) Drop("an oversized TCP frame", options.Value.MaxMessageBytes, "too_large");
            }
            if (framing.Rest() is { } last) await _frames.Writer.WriteAsync((last, address), stoppingToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The sender went away, or the silo is stopping.
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
        }
    }

    // One batch of what waits, through the validator, published; retried while the pipeline is full.
    private async Task PublishAsync(CancellationToken stoppingToken)
    {
        // Resolved once the host runs: the pipeline's publisher needs the started silo.
        var pipeline = services.GetRequiredService<IngestionPipeline>();
        var builder = new SawmillItemBuilder();
        var frames = new List<(string Frame, string Client)>();
        try
        {
            while (await _frames.Reader.WaitToReadAsync(stoppingToken))
            {
                frames.Clear();
                while (frames.Count < options.Value.MaxBatch && _frames.Reader.TryRead(out var frame)) frames.Add(frame);
                var batch = pipeline.NewBatch();
                var now = timeProvider.GetUtcNow();
                var index = 0;
                foreach (var (frame, client) in frames)
                {
                    if (SyslogParser.Parse(frame, now) is { } message) SyslogItem.Submit(message, client, builder, batch, index++);
                    else Drop("a frame that is neither RFC 5424 nor RFC 3164", frame.Length, "malformed");
                }
                foreach (var error in batch.Rejected) Drop($"a message the validator refused ({error.Field}: {error.Error})", 0, reason: null);
                while (await pipeline.PublishAsync(batch, stoppingToken) is { } failure)
                {
                    logger.LogWarning("Syslog could not publish {Count} messages: {Reason}; retrying", batch.Accepted.Count, failure.Detail);
                    await Task.Delay(pipeline.Limits.RetryAfter, stoppingToken);
                }
                Interlocked.Add(ref _published, batch.Accepted.Count);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // reason: the metric's label for a frame refused before the pipeline (the pipeline counts what the validator refuses).
    private void Drop(string what, int bytes, string? reason)
    {
        if (reason is not null) SawmillMetrics.IngestRefused.Add(1, new("transport", IngestTransport.Syslog.Name), new("reason", reason));
        var dropped = Interlocked.Increment(ref _dropped);
        var now = timeProvider.GetTimestamp();
        var last = Interlocked.Read(ref _lastDropLog);
        if (last != 0 && timeProvider.GetElapsedTime(last, now) < DropLogInterval) return;
        if (Interlocked.CompareExchange(ref _lastDropLog, now, last) != last) return;
        var unlogged = dropped - Interlocked.Exchange(ref _droppedLogged, dropped) - 1;
        logger.LogWarning("Syslog dropped {What} ({Bytes} bytes), and {Unlogged} more since the last such line; {Dropped} dropped so far",
            what, bytes, Math.Max(0, unlogged), dropped);
    }
}
