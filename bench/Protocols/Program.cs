using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Sawmill.Bench;
using Sawmill.Ingest;
using Sawmill.Protocols;

// Usage: dotnet run -c Release --project bench/Protocols -- [events] [clients] [batch] [transport ...]
var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
var batchSize = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
var only = args.Skip(3).ToHashSet(StringComparer.OrdinalIgnoreCase);
const int WarmupEvents = 50_000;
var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
var now = DateTimeOffset.UtcNow;
var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
var work = Path.Combine(Path.GetTempPath(), "sawmill-bench-protocols", Guid.NewGuid().ToString("N"));

Console.WriteLine($"Sawmill protocol benchmark: {events} events per transport, {clients} clients, batches of {batchSize}, {Environment.ProcessorCount} cores, {configuration}");
Console.WriteLine("Each transport gets a fresh silo, a warm-up of its own, then the run; the clock stops when the last event is searchable.");
Console.WriteLine("NDJSON, Sawmill's own endpoint, runs first and last: the baseline is their mean, their spread the noise.");
var entries = Enumerable.Range(0, events).Select(i => EventFactory.Entry("run", i, start)).Chunk(batchSize).ToList();
var warmup = Enumerable.Range(0, WarmupEvents).Select(i => EventFactory.Entry("warm", i, start.AddDays(-1))).Chunk(batchSize).ToList();

var ndjson = Transport.All()[0];
List<Func<Transport>> order = [ndjson, .. Transport.All().Skip(1).Where(t => only.Count == 0 || only.Contains(t().Name)), ndjson];
var runs = new List<Result>();
foreach (var transport in order)
{
    runs.Add(await RunAsync(transport));
    Console.WriteLine(runs[^1].Line(null));
}
Directory.Delete(work, recursive: true);

var baselines = runs.Where(r => r.Name == "ndjson").ToList();
var baseline = baselines.Average(r => r.Rate);
Console.WriteLine();
Console.WriteLine($"baseline: NDJSON {string.Join(" and ", baselines.Select(b => b.Rate.ToString("N0", CultureInfo.InvariantCulture)))} events/s, mean {baseline:N0}; spread {(baselines.Max(b => b.Rate) - baselines.Min(b => b.Rate)) / baseline:P0}");
Console.WriteLine($"{"transport",-14} {"events/s",10} {"ratio",6} {"acked/s",10} {"B/event",8} {"silo us/ev",10} {"silo B/ev",9} {"client us/ev",12} {"p50 ms",7} {"p99 ms",7} {"arrived",8}");
foreach (var run in runs) Console.WriteLine(run.Line(baseline));

async Task<Result> RunAsync(Func<Transport> create)
{
    var (grpcPort, syslogPort) = (FreePort(), FreePort());
    using var silo = await SiloChild.StartAsync(configuration, Path.Combine(work, Guid.NewGuid().ToString("N")),
        $"--Otlp:GrpcPort={grpcPort}", $"--Syslog:Port={syslogPort}");
    await using var transport = create();
    using var http = new HttpClient { BaseAddress = silo.Address, Timeout = TimeSpan.FromMinutes(2) };
    await transport.OpenAsync(new Endpoints(silo.Address, grpcPort, syslogPort), clients);

    var warm = warmup.Select(b => transport.Encode(b).Payload).ToList();
    await SendAllAsync(transport, warm, []);
    var (warmFrom, warmTo) = (start.AddDays(-1), start.AddDays(-1).AddHours(1));
    if (transport.Lossy) await Searchable.SettleAsync(http, warmFrom, warmTo, WarmupEvents, TimeSpan.FromSeconds(2), Stopwatch.StartNew());
    else await Searchable.WaitAsync(http, warmFrom, warmTo, WarmupEvents);

    var encoded = entries.Select(transport.Encode).ToList();
    var bytes = encoded.Sum(e => e.Bytes);
    var latencies = new List<double>[clients];
    var kernelDropsBefore = UdpReceiveBufferErrors();
    var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var siloCpuBefore = silo.Usage().Cpu;
    var runtimeBefore = await RuntimeFigures.ReadAsync(http);
    var wall = Stopwatch.StartNew();
    await SendAllAsync(transport, encoded.Select(e => e.Payload).ToList(), latencies);
    var acked = wall.Elapsed;
    long arrived = events;
    TimeSpan searchable;
    if (transport.Lossy)
    {
        (arrived, searchable) = await Searchable.SettleAsync(http, start, start.AddHours(1), events, TimeSpan.FromSeconds(2), wall);
    }
    else
    {
        await Searchable.WaitAsync(http, start, start.AddHours(1), events);
        searchable = wall.Elapsed;
    }
    var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
    if (transport.Lossy && kernelDropsBefore is { } before && UdpReceiveBufferErrors() is { } after)
    {
        Console.WriteLine($"  {transport.Name}: of {events - arrived:N0} lost, the kernel dropped {after - before:N0} on a full socket buffer (Udp RcvbufErrors), the rest the silo (queue full)");
    }
    var siloCpu = silo.Usage().Cpu - siloCpuBefore;
    var runtime = await RuntimeFigures.ReadAsync(http) - runtimeBefore;
    var sorted = latencies.SelectMany(l => l).Order().ToList();
    var name = transport.Name;
    return new Result(name, transport.Wire, arrived / searchable.TotalSeconds, events / acked.TotalSeconds, (double)bytes / events,
        siloCpu.TotalSeconds / arrived * 1e6, runtime.AllocatedBytes / arrived, clientCpu.TotalSeconds / events * 1e6, Percentile(sorted, 0.50), Percentile(sorted, 0.99), (double)arrived / events);
}

async Task SendAllAsync(Transport transport, List<object> payloads, List<double>[] latencies)
{
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
    {
        var mine = new List<double>();
        for (var b = Interlocked.Increment(ref next); b < payloads.Count; b = Interlocked.Increment(ref next))
        {
            var sent = Stopwatch.GetTimestamp();
            await transport.SendAsync(payloads[b], c);
            mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }
        if (latencies.Length > 0) latencies[c] = mine;
    })));
}

// The kernel's count of UDP datagrams dropped on a full receive buffer, machine-wide (Linux only; null elsewhere).
static long? UdpReceiveBufferErrors()
{
    if (!File.Exists("/proc/net/snmp")) return null;
    var udp = File.ReadLines("/proc/net/snmp").Where(l => l.StartsWith("Udp: ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
    if (udp.Count < 2) return null;
    var column = Array.IndexOf(udp[0], "RcvbufErrors");
    return column < 0 ? null : long.Parse(udp[1][column], CultureInfo.InvariantCulture);
}

static double Percentile(List<double> sorted, double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

// A port free for both TCP and UDP now; the silo binds it a moment later (a benchmark can take that small race).
static int FreePort()
{
    while (true)
    {
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
        try
        {
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
            return port;
        }
        catch (SocketException)
        {
        }
    }
}

/// <summary>One transport's run: events/s durable and searchable, acknowledged, bytes on the wire, silo CPU and allocation per event, the send
/// latency per batch, and the share that arrived (below 1 only where the transport may lose).</summary>
internal sealed record Result(string Name, string Wire, double Rate, double Acked, double BytesPerEvent, double SiloMicros, double SiloAllocated, double ClientMicros, double P50, double P99, double Arrived)
{
    public string Line(double? baseline) =>
        $"{Name,-14} {Rate,10:N0} {(baseline is { } b ? (Rate / b).ToString("N2", CultureInfo.InvariantCulture) : "-"),6} {Acked,10:N0} {BytesPerEvent,8:N0} {SiloMicros,10:N0} {SiloAllocated,9:N0} {ClientMicros,12:N1} {P50,7:N1} {P99,7:N1} {Arrived,8:P1}"
        + (baseline is null ? $"   {Wire}" : "");
}
