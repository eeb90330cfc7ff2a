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
// The build runs here; the searches run in a fresh process of this program (`--search DIR RUNS`), so its RSS is the
// searching store's and not the build's heap.
if (args is ["--search", var directory, var searchRuns]) return await SearchAsync(directory, int.Parse(searchRuns, CultureInfo.InvariantCulture));
var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
var work = Path.Combine(Path.GetTempPath(), "sawmill-bench-search", Guid.NewGuid().ToString("N"));
Console.WriteLine($"Sawmill search benchmark: {events:N0} events of the demo mix over 24 h, {runs} runs per query, {Environment.ProcessorCount} cores, {configuration}");
try
{
    // --- build: the store's own bulk path, several batches in flight so the writer's group commits fill up ---
    var store = OpenStore(work);
    const int batch = 10_000;
    var built = Stopwatch.StartNew();
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
    {
        for (var b = Interlocked.Increment(ref next); b * batch < events; b = Interlocked.Increment(ref next))
        {
            var entries = new SawmillMessage[Math.Min(batch, events - b * batch)];
            for (var j = 0; j < entries.Length; j++) entries[j] = DemoMix.Entry(b * batch + j, Start, Day, events);
            await store.AppendAsync(entries);
        }
    })));
    built.Stop();
    var writing = DiskBytes(work);
    await store.DisposeAsync();
    var atRest = DiskBytes(work);
    Console.WriteLine($"build  {events / built.Elapsed.TotalSeconds,10:N0} events/s through the store's bulk path ({built.Elapsed.TotalSeconds:N1} s, peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB)");
    Console.WriteLine($"disk   {atRest / (double)events,10:N1} bytes/event at rest ({atRest / 1048576.0:N0} MiB; {writing / (double)events:N1} while writing, the open partitions' write-ahead logs included)");
    foreach (var (name, bytes) in Structures(work).OrderByDescending(s => s.Bytes))
        Console.WriteLine($"       {bytes / (double)events,10:N1} bytes/event in {name}");
    Console.WriteLine();

    // Restarted, as after a deploy: a fresh process searches, warming caches as a user's would.
    var self = Environment.ProcessPath!;
    var search = Path.GetFileNameWithoutExtension(self) == "dotnet"
        ? Process.Start(self, [typeof(DemoMix).Assembly.Location, "--search", work, runs.ToString(CultureInfo.InvariantCulture)])
        : Process.Start(self, ["--search", work, runs.ToString(CultureInfo.InvariantCulture)]);
    await search.WaitForExitAsync();
    return search.ExitCode;
}
finally
{
    // SAWMILL_BENCH_KEEP=1 keeps the built store to look into (sqlite3's dbstat) instead of deleting it.
    if (Environment.GetEnvironmentVariable("SAWMILL_BENCH_KEEP") == "1") Console.WriteLine($"kept   {work}");
    else Directory.Delete(work, recursive: true);
}

static async Task<int> SearchAsync(string work, int runs)
{
    var end = Start + Day;
    await using var store = OpenStore(work);
    var all = new LogQuery();
    var errors = new LogQuery { Levels = Levels(Severity.Error) };
    var node = DemoMix.Node(7);
    var cursor = await CursorOfPageAsync(store, all, 49);
    Console.WriteLine($"{"query",-44} {"p50 ms",9} {"p99 ms",9} {"hits",7}");
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
    async ValueTask<LogPage> Histogram(LogQuery query)
    {
        var histogram = await store.HistogramAsync(query with { From = Start, To = end }, TimeSpan.FromMinutes(5));
        return new LogPage(new SawmillMessage[histogram.Buckets.Count], null);
    }
    await MeasureAsync("newest page, unfiltered", () => store.SearchAsync(all));
    await MeasureAsync("full text, common word (order)", () => store.SearchAsync(new LogQuery { Text = "order" }));
    await MeasureAsync($"full text, rare word ({DemoMix.RareWord})", () => store.SearchAsync(new LogQuery { Text = DemoMix.RareWord }));
    await MeasureAsync($"phrase (\"{DemoMix.Phrase}\")", () => store.SearchAsync(new LogQuery { Text = $"\"{DemoMix.Phrase}\"" }));
    await MeasureAsync("prefix (pay*)", () => store.SearchAsync(new LogQuery { Text = "pay*" }));
    await MeasureAsync("level >= ERROR", () => store.SearchAsync(errors));
    await MeasureAsync("service + level (PaymentService, WARN)", () => store.SearchAsync(new LogQuery { Services = ["PaymentService"], Levels = new HashSet<Severity> { Severity.Warn } }));
    await MeasureAsync("property error_code=OUT_OF_STOCK", () => store.SearchAsync(new LogQuery { Properties = [new("error_code", FilterOperator.Equal, "OUT_OF_STOCK")] }));
    await MeasureAsync("property response_time_ms>500", () => store.SearchAsync(new LogQuery { Properties = [new("response_time_ms", FilterOperator.GreaterThan, "500")] }));
    await MeasureAsync("property category=...UserService (shared)", () => store.SearchAsync(new LogQuery { Properties = [new("category", FilterOperator.Equal, "Sawmill.SampleServices.UserService")] }));
    await MeasureAsync($"node's last hour ({node})", () => store.SearchAsync(new LogQuery { Nodes = [node], From = end.AddHours(-1), To = end }));
    await MeasureAsync("deep keyset paging (page 50)", () => store.SearchAsync(all with { Cursor = cursor }));
    await MeasureAsync("histogram 24 h / 5m, unfiltered", () => Histogram(all));
    await MeasureAsync("histogram 24 h / 5m, level >= ERROR", () => Histogram(errors));
    await MeasureAsync("histogram 24 h / 5m, full text (payment)", () => Histogram(new LogQuery { Text = "payment" }));
    Console.WriteLine();
    Console.WriteLine($"rss    {Environment.WorkingSet / 1048576.0,10:N0} MiB after the searches, in a fresh process (peak {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB)");
    return 0;
}

static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

static HashSet<Severity> Levels(Severity min) => Enum.GetValues<Severity>().Where(l => l >= min).ToHashSet();

static async Task<string?> CursorOfPageAsync(ILogReader store, LogQuery query, int pages)
{
    string? cursor = null;
    for (var p = 0; p < pages; p++) cursor = (await store.SearchAsync(query with { Cursor = cursor })).NextCursor;
    return cursor;
}

static long DiskBytes(string directory) => Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

// Bytes per table and index over all partitions (those holding at least 1 %), from dbstat through the sqlite3 shell
// when it is installed (the bundled SQLite has no dbstat).
static IEnumerable<(string Name, long Bytes)> Structures(string directory)
{
    var totals = new Dictionary<string, long>();
    foreach (var file in Directory.EnumerateFiles(Path.Combine(directory, "logs"), "*.db"))
    {
        string output;
        try
        {
            using var shell = Process.Start(new ProcessStartInfo("sqlite3", ["-readonly", file, "SELECT name, sum(pgsize) FROM dbstat GROUP BY name"]) { RedirectStandardOutput = true })!;
            output = shell.StandardOutput.ReadToEnd();
            shell.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            yield break;
        }
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, bytes) = (line[..line.IndexOf('|')], long.Parse(line[(line.IndexOf('|') + 1)..], CultureInfo.InvariantCulture));
            totals[name] = totals.GetValueOrDefault(name) + bytes;
        }
    }
    var all = totals.Values.Sum();
    foreach (var (name, bytes) in totals)
    {
        if (bytes >= all / 100) yield return (name, bytes);
    }
}

// The run's day is in the past: a retention of ten years keeps it.
static SqliteLogStore OpenStore(string directory) =>
    new(new SqliteDatabase(Path.Combine(directory, "sawmill.db")), Options.Create(new LogStoreOptions { Retention = TimeSpan.FromDays(3650) }),
        TimeProvider.System, NullLogger<SqliteLogStore>.Instance);

internal static partial class Program
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
}
