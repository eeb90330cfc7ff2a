using System.Diagnostics;
using System.Text.Json.Nodes;
using Sawmill.EndToEnd.Support;

namespace Sawmill.EndToEnd;

/// <summary>The README's demo: the silo starts the sample services; one is killed, goes DOWN with an alert, is started
/// again by the demo and recovers.</summary>
public sealed class DemoTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "sawmill-e2e", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Demo_services_log_at_every_level_and_a_killed_one_fails_alerts_and_recovers()
    {
        await using var silo = await SiloProcess.StartAsync(_data,
            "--Demo:Enabled=true", "--Demo:BasePort=0", "--Demo:RestartDelay=00:00:04", "--Demo:OrdersPerSecond=20", "--Demo:FatalRate=0.05",
            "--NodeHealth:HeartbeatTimeout=00:00:03");
        var api = silo.Client;

        await Eventually.HoldsAsync(() => Nodes(api), nodes => nodes.Count(n => n.Status == "UP") >= 3, Patience, "at least three demo nodes UP");
        await Eventually.HoldsAsync(() => LevelsSeen(api), levels => levels.IsSupersetOf(["INFO", "WARN", "ERROR", "FATAL"]), Patience, "logs of all four levels");

        var victim = DemoProcess("payment-1");
        victim.Kill();
        await Eventually.HoldsAsync(() => Nodes(api), nodes => nodes.Any(n => n is { Id: "payment-1", Status: "DOWN" }), Patience, "payment-1 DOWN after its process was killed");
        var alert = await Eventually.HoldsAsync(() => NodeAlert(api, "payment-1"), a => a?.Status == "OPEN", Patience, "an open node-failure alert for payment-1");

        await Eventually.HoldsAsync(() => Nodes(api), nodes => nodes.Any(n => n is { Id: "payment-1", Status: "UP" }), Patience, "payment-1 UP again once the demo restarted it");
        await Eventually.HoldsAsync(() => NodeAlert(api, "payment-1"), a => a is { Status: "RESOLVED" } found && found.Id == alert!.Value.Id, Patience, "the alert resolved by the recovery");
    }

    private static async Task<List<(string Id, string Status)>> Nodes(HttpClient api)
        => JsonNode.Parse(await api.GetStringAsync("/api/v1/nodes"))!.AsArray().Select(n => ((string)n!["node_id"]!, (string)n["status"]!)).ToList();

    private static async Task<HashSet<string>> LevelsSeen(HttpClient api)
    {
        var histogram = JsonNode.Parse(await api.GetStringAsync("/api/v1/logs/histogram?from=-1h&interval=1h"))!;
        return histogram["buckets"]!.AsArray().SelectMany(b => b!["counts"]!.AsObject().Select(c => c.Key)).ToHashSet();
    }

    private static async Task<(string Id, string Status)?> NodeAlert(HttpClient api, string node)
        => JsonNode.Parse(await api.GetStringAsync("/api/v1/alerts"))!.AsArray()
            .Where(a => (string?)a!["rule"] == "NODE_FAILURE" && (string?)a["node_id"] == node)
            .Select(a => ((string)a!["alert_id"]!, (string)a["status"]!))
            .Cast<(string, string)?>()
            .FirstOrDefault();

    /// <summary>The sample-service process of a demo node, found by its command line.</summary>
    private static Process DemoProcess(string node)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Contains($"--Sawmill:NodeId={node}\0", StringComparison.Ordinal)) return Process.GetProcessById(pid);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // The process ended while we looked.
            }
        }
        throw new InvalidOperationException($"No process runs the demo node {node}.");
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { /* the OS cleans its temp folder */ }
    }
}
