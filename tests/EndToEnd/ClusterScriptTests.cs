using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sawmill.EndToEnd.Support;

namespace Sawmill.EndToEnd;

/// <summary>./cluster.sh as a user runs it: up 3, an event through one silo found on another, a stopped node DOWN on
/// every silo, down leaving nothing running.</summary>
[Collection(ClusterTests.Name)]
public sealed class ClusterScriptTests
{
    private static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "cluster.sh"))) return directory.FullName;
        }
        throw new FileNotFoundException("cluster.sh is not in any folder above the test's bin.");
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", ["cluster.sh", .. arguments]) { WorkingDirectory = Root(), RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task Up_3_serves_one_cluster_from_every_silo_and_down_leaves_nothing_running()
    {
        var (code, output) = await RunAsync("up", "3");
        try
        {
            Assert.True(code == 0, $"cluster.sh up 3 failed:\n{output}");
            Assert.Contains("http://127.0.0.1:5093", output, StringComparison.Ordinal);
            Assert.Contains("http://127.0.0.1:5090", output, StringComparison.Ordinal);
            using var silo1 = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:5091") };
            using var silo2 = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:5092") };
            using var silo3 = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:5093") };

            var id = $"script-{Guid.NewGuid():N}";
            using (var posted = await silo1.PostAsync("/api/v1/events", new StringContent(
                $$"""{"message_type":"LOG","log_id":"{{id}}","node_id":"script-1","log_level":"INFO","message":"through silo 1","service_name":"ScriptCheck"}""", Encoding.UTF8, "application/json")))
                Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            var clock = Stopwatch.StartNew();
            await Eventually.HoldsAsync(() => silo3.GetStringAsync("/api/v1/logs?service=ScriptCheck&limit=10"), body => body.Contains(id, StringComparison.Ordinal),
                TimeSpan.FromSeconds(10), "the event posted to silo 1 searchable on silo 3");
            Console.WriteLine($"searchable on silo 3 after {clock.Elapsed.TotalMilliseconds:N0} ms");

            using (var registered = await silo2.PostAsync("/api/v1/events", new StringContent(
                "{\"message_type\":\"REGISTRATION\",\"node_id\":\"script-node\",\"service_name\":\"ScriptCheck\"}\n{\"message_type\":\"HEARTBEAT\",\"node_id\":\"script-node\"}",
                Encoding.UTF8, "application/x-ndjson")))
                Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
            foreach (var silo in new[] { silo1, silo3 })
            {
                await Eventually.HoldsAsync(() => silo.GetStringAsync("/api/v1/nodes?service=ScriptCheck"),
                    body => JsonNode.Parse(body)!.AsArray().Any(n => (string?)n!["node_id"] == "script-node" && (string?)n["status"] == "DOWN"),
                    TimeSpan.FromSeconds(30), $"script-node DOWN on {silo.BaseAddress}");
            }
        }
        finally
        {
            var (downCode, downOutput) = await RunAsync("down");
            Assert.True(downCode == 0, $"cluster.sh down failed:\n{downOutput}");
        }
        Assert.False(Directory.Exists(Path.Combine(Root(), ".cluster")), "down leaves .cluster/ behind");
        foreach (var port in new[] { 5090, 5091, 5092, 5093, 6390, 5490 })
        {
            using var client = new System.Net.Sockets.TcpClient();
            var refused = false;
            try { await client.ConnectAsync(IPAddress.Loopback, port); }
            catch (System.Net.Sockets.SocketException) { refused = true; }
            Assert.True(refused, $"something still listens on port {port} after down");
        }
    }
}
