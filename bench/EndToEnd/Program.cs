using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Sawmill.Bench;
using Sawmill.Bench.EndToEnd;

// Usage: dotnet run -c Release --project bench/EndToEnd -- [probes per phase, default 100] [background events/s, default 10000]
var probes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
var backgroundRate = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
var data = Path.Combine(Path.GetTempPath(), "sawmill-bench", Guid.NewGuid().ToString("N"));
Console.WriteLine($"Sawmill dashboard latency: POST -> row in the live tail's DOM (Chromium), {probes} probes idle and under {backgroundRate:N0} events/s, {Environment.ProcessorCount} cores, {configuration}");

using var silo = await SiloChild.StartAsync(configuration, data);
using var http = new HttpClient { BaseAddress = silo.Address, Timeout = TimeSpan.FromSeconds(30) };
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = "/usr/bin/chromium",
    Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
// First paint of the overview after a warm start: one visit warms the silo (JIT, circuits, the histogram query),
// then fresh tabs time the first contentful paint and the moment the circuit is live and the histogram drawn.
var seed = "[" + string.Join(",", Enumerable.Range(0, 200).Select(i =>
    $$"""{"message_type":"LOG","log_id":"seed-{{i}}","node_id":"seed-{{i % 4}}","service_name":"Seed","log_level":"{{(i % 10 == 0 ? "ERROR" : "INFO")}}","message":"seed {{i}}"}""")) + "]";
using (var seeded = await http.PostAsync("/api/v1/events", new StringContent(seed, Encoding.UTF8, "application/json"))) seeded.EnsureSuccessStatusCode();
var warmup = await browser.NewPageAsync();
await OpenOverviewAsync(warmup);
await warmup.CloseAsync();
var paints = new List<(double Paint, double Interactive)>();
for (var i = 0; i < 5; i++)
{
    var tab = await browser.NewPageAsync();
    paints.Add(await OpenOverviewAsync(tab));
    await tab.CloseAsync();
}

var page = await browser.NewPageAsync();
// The tail filtered on the server to the probes' service, so load is pushed through the pipeline but not rendered.
await page.GotoAsync(new Uri(silo.Address, "/tail?service=Probe").ToString());
await page.WaitForSelectorAsync("#circuit-ready", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
await page.EvaluateAsync("""
    () => {
      window.__seen = {};
      const note = el => { const id = el.getAttribute && el.getAttribute('data-log-id'); if (id && id.startsWith('probe-') && !(id in window.__seen)) window.__seen[id] = Date.now(); };
      new MutationObserver(ms => { for (const m of ms) for (const n of m.addedNodes) { if (n.nodeType !== 1) continue; note(n); n.querySelectorAll('[data-log-id]').forEach(note); } })
        .observe(document.body, { childList: true, subtree: true });
    }
    """);

var idle = await MeasureAsync("idle");
using var stopLoad = new CancellationTokenSource();
var load = new BackgroundLoad(http, backgroundRate);
var loadClock = Stopwatch.StartNew();
var loading = load.RunAsync(stopLoad.Token);
await Task.Delay(TimeSpan.FromSeconds(3)); // let the load reach its pace before probing
var sentBefore = load.Sent;
var probeClock = Stopwatch.StartNew();
var loaded = await MeasureAsync("loaded");
var achieved = (load.Sent - sentBefore) / probeClock.Elapsed.TotalSeconds;
await stopLoad.CancelAsync();
await loading;
var (peakRss, cpu) = silo.Usage();
await browser.CloseAsync();
silo.Dispose();
Directory.Delete(data, recursive: true);

Console.WriteLine();
Console.WriteLine($"overview first contentful paint: median {Median(paints.Select(p => p.Paint))} ms, slowest {paints.Max(p => p.Paint):N0} ms; live (circuit up, histogram drawn): median {Median(paints.Select(p => p.Interactive))} ms, slowest {paints.Max(p => p.Interactive):N0} ms ({paints.Count} fresh tabs after a warm-up visit)");
Console.WriteLine($"idle    p50 {Percentile(idle, 0.50),6:N0} ms   p99 {Percentile(idle, 0.99),6:N0} ms   ({idle.Count}/{probes} probes seen)");
Console.WriteLine($"loaded  p50 {Percentile(loaded, 0.50),6:N0} ms   p99 {Percentile(loaded, 0.99),6:N0} ms   ({loaded.Count}/{probes} probes seen) with {achieved:N0} background events/s accepted ({load.FailedRequests} failed requests)");
Console.WriteLine($"ratio   loaded/idle p99 {Percentile(loaded, 0.99) / Math.Max(1, Percentile(idle, 0.99)):N2}; goal p99 <= 250 ms under load: {(Percentile(loaded, 0.99) <= 250 && loaded.Count == probes ? "MET" : "NOT MET")}");
Console.WriteLine($"silo    peak RSS {peakRss / 1048576.0:N0} MiB, CPU {cpu.TotalSeconds:N1} s over {loadClock.Elapsed.TotalSeconds:N0} s of load");

async Task<List<double>> MeasureAsync(string phase)
{
    var sent = new Dictionary<string, long>();
    for (var i = 0; i < probes; i++)
    {
        var id = $"probe-{phase}-{i}";
        var body = $$"""{"message_type":"LOG","log_id":"{{id}}","node_id":"probe-1","service_name":"Probe","log_level":"INFO","message":"probe {{i}}"}""";
        sent[id] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var response = await http.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode) sent.Remove(id);
        await Task.Delay(100);
    }
    var deadline = DateTime.UtcNow.AddSeconds(10);
    Dictionary<string, long> seen;
    do seen = await page.EvaluateAsync<Dictionary<string, long>>("() => window.__seen");
    while (sent.Keys.Any(k => !seen.ContainsKey(k)) && DateTime.UtcNow < deadline && await Pause());
    return sent.Where(p => seen.ContainsKey(p.Key)).Select(p => (double)(seen[p.Key] - p.Value)).Order().ToList();
}

async Task<(double Paint, double Interactive)> OpenOverviewAsync(IPage tab)
{
    var clock = Stopwatch.StartNew();
    await tab.GotoAsync(new Uri(silo.Address, "/").ToString());
    await tab.WaitForSelectorAsync("#circuit-ready", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
    await tab.WaitForFunctionAsync("() => Number(document.getElementById('overview-levels')?.dataset.total) > 0 && document.querySelector('#overview-levels svg') !== null", null, new() { Timeout = 30_000 });
    var interactive = clock.Elapsed.TotalMilliseconds;
    var paint = await tab.EvaluateAsync<double>("() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1");
    return (paint, interactive);
}

static string Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2].ToString("N0", CultureInfo.InvariantCulture);
}

static async Task<bool> Pause() { await Task.Delay(200); return true; }

static double Percentile(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
