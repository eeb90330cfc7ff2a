using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Search;
using Sawmill.Storage.Sqlite;
using Sawmill.Storage.Sqlite.Logs;

// Usage: dotnet run -c Release --project bench/Search -- [events] [runs]
var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
var start = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
var day = TimeSpan.FromDays(1);
var end = start + day;
var work = Path.Combine(Path.GetTempPath(), "sawmill-bench-search", Guid.NewGuid().ToString("N"));
Console.WriteLine($"Sawmill search benchmark: {events:N0} events of the demo mix over 24 h, {runs} runs per query, {Environment.ProcessorCount} cores, {configuration}");

var store = OpenStore(work);
try
{
    // --- build: the store's own bulk path, several batches in flight so the writer's group commits fill up ---
    const int batch = 10_000;
    var built = Stopwatch.StartNew();
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
    {
        for (var b = Interlocked.Increment(ref next); b * batch < events; b = Interlocked.Increment(ref next))
        {
            var entries = new SawmillMessage[Math.Min(batch, events - b * batch)];
            for (var j = 0; j < entries.Length; j++) entries[j] = DemoMix.Entry(b * batch + j, start, day, events);
            await store.AppendAsync(entries);
        }
    })));
    built.Stop();
    var bytes = Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    Console.WriteLine($"build  {events / built.Elapsed.TotalSeconds,10:N0} events/s through the store's bulk path ({built.Elapsed.TotalSeconds:N1} s)");
    Console.WriteLine($"disk   {bytes / (double)events,10:N1} bytes/event ({bytes / 1048576.0:N0} MiB)");
    Console.WriteLine();

    // Restarted, as after a deploy: the searches start from a cold process and warm caches as a user's would.
    await store.DisposeAsync();
    // The build's garbage goes back to the OS, so the RSS below is the searching store's.
    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    store = OpenStore(work);
    var all = new LogQuery();
    var errors = new LogQuery { Levels = Levels(Severity.Error) };
    var node = DemoMix.Node(7);
    var cursor = await CursorOfPageAsync(store, all, 49);
    Console.WriteLine($"{"query",-44} {"p50 ms",9} {"p99 ms",9} {"hits",7}");
    await MeasureAsync("newest page, unfiltered", () => store.SearchAsync(all));
    await MeasureAsync("full text, common word (order)", () => store.SearchAsync(new LogQuery { Text = "order" }));
    await MeasureAsync($"full text, rare word ({DemoMix.RareWord})", () => store.SearchAsync(new LogQuery { Text = DemoMix.RareWord }));
    await MeasureAsync($"phrase (\"{DemoMix.Phrase}\")", () => store.SearchAsync(new LogQuery { Text = $"\"{DemoMix.Phrase}\"" }));
    await MeasureAsync("prefix (pay*)", () => store.SearchAsync(new LogQuery { Text = "pay*" }));
    await MeasureAsync("level >= ERROR", () => store.SearchAsync(errors));
    await MeasureAsync("service + level (PaymentService, WARN)", () => store.SearchAsync(new LogQuery { Services = ["PaymentService"], Levels = new HashSet<Severity> { Severity.Warn } }));
    await MeasureAsync("property error_code=OUT_OF_STOCK", () => store.SearchAsync(new LogQuery { Properties = [new("error_code", FilterOperator.Equal, "OUT_OF_STOCK")] }));
    await MeasureAsync("property response_time_ms>500", () => store.SearchAsync(new LogQuery { Properties = [new("response_time_ms", FilterOperator.GreaterThan, "500")] }));
    await MeasureAsync($"node's last hour ({node})", () => store.SearchAsync(new LogQuery { Nodes = [node], From = end.AddHours(-1), To = end }));
    await MeasureAsync("deep keyset paging (page 50)", () => store.SearchAsync(all with { Cursor = cursor }));
    await MeasureAsync("histogram 24 h / 5m, unfiltered", () => Histogram(all));
    await MeasureAsync("histogram 24 h / 5m, level >= ERROR", () => Histogram(errors));
    await MeasureAsync("histogram 24 h / 5m, full text (payment)", () => Histogram(new LogQuery { Text = "payment" }));
    Console.WriteLine();
    Console.WriteLine($"rss    {Environment.WorkingSet / 1048576.0,10:N0} MiB after the searches (peak {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB, build included)");
}
finally
{
    await store.DisposeAsync();
    Directory.Delete(work, recursive: true);
}

async ValueTask<LogPage> Histogram(LogQuery query)
{
    var histogram = await store.HistogramAsync(query with { From = start, To = end }, TimeSpan.FromMinutes(5));
    return new LogPage(new SawmillMessage[histogram.Buckets.Count], null);
}

async Task MeasureAsync(string name, Func<ValueTask<LogPage>> query)
{
    var times = new List<double>(runs);
    var hits = 0;
    for (var r = 0; r < runs; r++)
    {
        var started = Stopwatch.GetTimestamp();
        hits = (await query()).Items.Count;
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
    times.Sort();
    Console.WriteLine($"{name,-44} {Percentile(times, 0.50),9:N1} {Percentile(times, 0.99),9:N1} {hits,7}");
}

static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

static HashSet<Severity> Levels(Severity min) => Enum.GetValues<Severity>().Where(l => l >= min).ToHashSet();

static async Task<string?> CursorOfPageAsync(ILogReader store, LogQuery query, int pages)
{
    string? cursor = null;
    for (var p = 0; p < pages; p++) cursor = (await store.SearchAsync(query with { Cursor = cursor })).NextCursor;
    return cursor;
}

// The run's day is in the past: a retention of ten years keeps it.
static SqliteLogStore OpenStore(string directory) =>
    new(new SqliteDatabase(Path.Combine(directory, "sawmill.db")), Options.Create(new LogStoreOptions { Retention = TimeSpan.FromDays(3650) }),
        TimeProvider.System, NullLogger<SqliteLogStore>.Instance);
