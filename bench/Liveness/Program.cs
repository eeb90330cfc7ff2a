using System.Globalization;
using Sawmill.Liveness;

// Usage: dotnet run -c Release --project bench/Liveness -- [node counts, default 1000,10000,100000] [stopping sample, default 200]
int[] counts = args.Length > 0 ? args[0].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() : [1_000, 10_000, 100_000];
var stopping = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
var timeout = TimeSpan.FromSeconds(6);
var work = Path.Combine(Path.GetTempPath(), "sawmill-bench", Guid.NewGuid().ToString("N"));

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Stop gracefully, so the silo child is killed and the data removed.
    e.Cancel = true;
    cancel.Cancel();
};

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Sawmill liveness benchmark: {string.Join(", ", counts.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)))} nodes, heartbeat every {HeartbeatLoad.Interval.TotalSeconds:N0} s, timeout {timeout.TotalSeconds:N0} s, stopping sample {stopping}, {Environment.ProcessorCount} cores, {configuration}"));
Console.WriteLine();
var run = new FleetRun(configuration, work, timeout);
var results = new List<FleetResult>();
try
{
    foreach (var nodes in counts)
    {
        try
        {
            var result = await run.RunAsync(nodes, stopping, cancel.Token);
            result.Print(Console.Out);
            results.Add(result);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.WriteLine("Interrupted.");
            break;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A silo that crashed or stopped answering is a result too: say so and go on with the next size.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== {nodes:N0} nodes: the run failed: {ex.GetType().Name}: {ex.Message}"));
            Console.WriteLine();
        }
    }
}
finally
{
    if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
}
Summary.Print(results, timeout, Console.Out);
