using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

// Usage: dotnet run -c Release --project bench/ScaleOut -- [silo counts, e.g. 1,2,3] [seconds of load] [clients]
// Each configuration is a fresh ./cluster.sh up N; the load generator runs in this process on the same 2 cores.
var counts = (args.Length > 0 ? args[0] : "1,2,3").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var clients = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
const int batch = 500;
var root = new DirectoryInfo(AppContext.BaseDirectory);
while (!File.Exists(Path.Combine(root.FullName, "cluster.sh"))) root = root.Parent ?? throw new InvalidOperationException("cluster.sh not found above the bench.");
Console.WriteLine($"Sawmill scale-out benchmark: silos {string.Join(",", counts)}, {seconds} s of load, {clients} clients, NDJSON batches of {batch}, {Environment.ProcessorCount} cores");
Console.WriteLine($"{"silos",5} {"acked/s",10} {"searchable/s",13} {"CPU us/event",13} {"per silo CPU %",15}");
double? baseline = null;
foreach (var silos in counts)
{
    await ClusterAsync("up", silos.ToString(CultureInfo.InvariantCulture));
    try
    {
        var http = Enumerable.Range(1, silos).Select(i => new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:509{i}"), Timeout = TimeSpan.FromSeconds(30) }).ToArray();
        var pids = Enumerable.Range(1, silos).Select(i => int.Parse(File.ReadAllText(Path.Combine(root.FullName, ".cluster", $"silo{i}.pid")).Trim(), CultureInfo.InvariantCulture)).ToArray();
        var cpuBefore = pids.Select(CpuSeconds).ToArray();
        var acked = 0L;
        var clock = Stopwatch.StartNew();
        var run = $"bench{silos}-{Guid.NewGuid():N}"[..16]; // log_id prefix; each configuration starts from an empty store
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (var request = 0; clock.Elapsed.TotalSeconds < seconds; request++)
            {
                var body = new StringBuilder();
                for (var e = 0; e < batch; e++)
                    body.Append($$"""{"message_type":"LOG","log_id":"{{run}}-{{client}}-{{request}}-{{e}}","node_id":"bench-node-{{(client * 31 + e) % 100}}","log_level":"INFO","message":"order {{request}} placed by client {{client}}","service_name":"ScaleOutBench"}""").Append('\n');
                var silo = http[(client + request) % silos];
                using var response = await silo.PostAsync("/api/v1/events", new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"));
                if (response.StatusCode == HttpStatusCode.Accepted) Interlocked.Add(ref acked, batch);
            }
        })));
        var posting = clock.Elapsed;
        // Searchable: the store's exact total for the run's service reaches what was acknowledged.
        long searchable;
        do
        {
            // The histogram's counts are exact (a search total may be "at least" beyond Storage:CountLimit).
            var histogram = JsonNode.Parse(await http[0].GetStringAsync("/api/v1/logs/histogram?service=ScaleOutBench&from=-1h&interval=1h"))!;
            searchable = histogram["buckets"]!.AsArray().Sum(b => (long)b!["total"]!);
            if (searchable < acked) await Task.Delay(100);
        }
        while (searchable < acked && clock.Elapsed < posting + TimeSpan.FromSeconds(120));
        var done = clock.Elapsed;
        var cpu = pids.Select((pid, i) => CpuSeconds(pid) - cpuBefore[i]).ToArray();
        var rate = acked / done.TotalSeconds;
        baseline ??= rate;
        Console.WriteLine($"{silos,5} {acked / posting.TotalSeconds,10:N0} {rate,13:N0} {cpu.Sum() / acked * 1e6,13:N1} {string.Join(" ", cpu.Select(c => $"{c / done.TotalSeconds * 100:N0}")),15}   ({rate / baseline:N2} x 1 silo; {searchable:N0} of {acked:N0} searchable)");
    }
    finally
    {
        await ClusterAsync("down");
    }
}

async Task ClusterAsync(params string[] arguments)
{
    using var process = Process.Start(new ProcessStartInfo("bash", ["cluster.sh", .. arguments]) { WorkingDirectory = root.FullName, RedirectStandardOutput = true, RedirectStandardError = true })!;
    var output = process.StandardOutput.ReadToEndAsync();
    var errors = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) throw new InvalidOperationException($"cluster.sh {string.Join(' ', arguments)} failed:\n{await output}{await errors}");
}

// utime + stime of a process, from /proc (USER_HZ = 100).
static double CpuSeconds(int pid)
{
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}
