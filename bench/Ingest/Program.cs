using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sawmill.Bench;
using Sawmill.Grains.Interfaces;
using Sawmill.Storage.Sqlite;
using Sawmill.Storage.Sqlite.Logs;
using Sawmill.Ingest;

// Usage: dotnet run -c Release --project bench/Ingest -- [events] [clients] [batch]
var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
var batchSize = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
// Recent times: the silo's retention (7 days) keeps them. The run's events are the last hour's, the warm-up's the day before.
var now = DateTimeOffset.UtcNow;
var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
var work = Path.Combine(Path.GetTempPath(), "sawmill-bench", Guid.NewGuid().ToString("N"));

Console.WriteLine($"Sawmill ingest benchmark: {events} events, {clients} clients, NDJSON batches of {batchSize}, {Environment.ProcessorCount} cores, {configuration}");
var entries = Enumerable.Range(0, events).Select(i => EventFactory.Entry("run", i, start)).ToList();
var bodies = entries.Chunk(batchSize).Select(chunk => Encoding.UTF8.GetBytes(string.Join('\n', chunk.Select(EventFactory.Line)))).ToList();
// Warm-up traffic lets tiered compilation settle (it takes some 100k events), so the figures are the steady state.
var warmup = Enumerable.Range(0, 100_000).Select(i => EventFactory.Line(EventFactory.Entry("warm", i, start.AddDays(-1))))
    .Chunk(batchSize).Select(chunk => Encoding.UTF8.GetBytes(string.Join('\n', chunk))).ToList();

// --- ours: the whole path, HTTP + parse + validate + topic + indexer grain + group commit ---
double oursRate, ackRate;
List<double> latencies = [];
long peakRss;
TimeSpan cpu, clientCpu, measured;
RuntimeFigures runtime;
using (var silo = await SiloChild.StartAsync(configuration, Path.Combine(work, "silo")))
using (var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = silo.Address, Timeout = TimeSpan.FromMinutes(2) })
{
    foreach (var body in warmup) await Post(http, body);
    // A 202 means durable; the measured phase starts once the warm-up is searchable too.
    await Searchable.WaitAsync(http, start.AddDays(-1), start.AddDays(-1).AddHours(1), warmup.Count * batchSize);
    var next = -1;
    var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var siloCpuBefore = silo.Usage().Cpu;
    var runtimeBefore = await RuntimeFigures.ReadAsync(http);
    var perClient = new List<double>[clients];
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
    {
        perClient[c] = [];
        for (var b = Interlocked.Increment(ref next); b < bodies.Count; b = Interlocked.Increment(ref next))
        {
            var sent = Stopwatch.GetTimestamp();
            await Post(http, bodies[b]);
            perClient[c].Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }
    })));
    ackRate = events / wall.Elapsed.TotalSeconds;
    // Durable and searchable: the clock runs until the histogram of the run's day counts every event.
    await Searchable.WaitAsync(http, start, start.AddHours(1), events);
    wall.Stop();
    oursRate = events / wall.Elapsed.TotalSeconds;
    measured = wall.Elapsed;
    runtime = await RuntimeFigures.ReadAsync(http) - runtimeBefore;
    latencies = perClient.SelectMany(l => l).Order().ToList();
    (peakRss, cpu) = silo.Usage();
    cpu -= siloCpuBefore;
    clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
}

// --- the bound: the same entries into a naive SQLite+FTS5 schema, no HTTP, no parsing, no streams ---
var boundRate = NaiveBound.RowsPerSecond(Path.Combine(work, "bound", "naive.db"), entries);

// --- the store alone: the same entries through the partitioned store's own append path ---
double storeRate;
{
    await using var store = new SqliteLogStore(new SqliteDatabase(Path.Combine(work, "store", "sawmill.db")),
        Options.Create(new LogStoreOptions()), TimeProvider.System, NullLogger<SqliteLogStore>.Instance);
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(entries.Cast<SawmillMessage>().Chunk(10_000).Chunk(4).Select(chunks => Task.Run(async () =>
    {
        foreach (var chunk in chunks) await store.AppendAsync(chunk);
    })));
    storeRate = events / wall.Elapsed.TotalSeconds;
}
Directory.Delete(work, recursive: true);

Console.WriteLine();
Console.WriteLine($"acked  {ackRate,10:N0} events/s acknowledged (202: durable in the stream log) while posting");
Console.WriteLine($"ours   {oursRate,10:N0} events/s durable + searchable (until the last one is)   latency p50 {Percentile(0.50):N1} ms  p99 {Percentile(0.99):N1} ms   silo peak RSS {peakRss / 1048576.0:N0} MiB  silo CPU {cpu.TotalSeconds / events * 1e6:N0} us/event, load generator {clientCpu.TotalSeconds / events * 1e6:N0} us/event (same 2 cores)");
Console.WriteLine($"       {runtime.Describe(events, measured)}");
Console.WriteLine($"store  {storeRate,10:N0} events/s into the partitioned store alone (its append path, 4 writers of 10000-entry batches)");
Console.WriteLine($"bound  {boundRate,10:N0} rows/s naive SQLite+FTS5 insert (one table + body + 4 indexes + external-content FTS, group commits of 20000)");
Console.WriteLine($"ratio  {oursRate / boundRate,10:N2} (ours over HTTP / bound; goal >= 1.2)   store alone / bound {storeRate / boundRate:N2}");

double Percentile(double q) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];

static async Task Post(HttpClient http, byte[] body)
{
    var content = new ByteArrayContent(body);
    content.Headers.ContentType = new("application/x-ndjson");
    using var response = await http.PostAsync("/api/v1/events", content);
    if (response.StatusCode != HttpStatusCode.Accepted)
    {
        throw new InvalidOperationException($"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
