using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sawmill.EndToEnd.Support;

namespace Sawmill.EndToEnd;

public sealed class CrashDurabilityTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "sawmill-e2e", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Every_acknowledged_event_survives_a_SIGKILL_right_after_the_202()
    {
        var acknowledged = new ConcurrentBag<string>();
        var acknowledgedRequests = 0;
        const int killAfterRequests = 40;

        await using (var silo = await SiloProcess.StartAsync(_data))
        {
            var dying = false;
            var senders = Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
            {
                for (var request = 0; !Volatile.Read(ref dying); request++)
                {
                    var ids = Enumerable.Range(0, 250).Select(i => $"c{client}-r{request}-e{i}").ToList();
                    var body = string.Join('\n', ids.Select(id =>
                        $$"""{"message_type":"LOG","log_id":"{{id}}","node_id":"crash-node-{{client}}","log_level":"INFO","message":"durable {{id}}","service_name":"CrashTest"}"""));
                    try
                    {
                        using var response = await silo.Client.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
                        if (response.StatusCode != HttpStatusCode.Accepted) continue;
                        foreach (var id in ids) acknowledged.Add(id);
                        if (Interlocked.Increment(ref acknowledgedRequests) == killAfterRequests)
                        {
                            Volatile.Write(ref dying, true);
                            silo.Kill();
                        }
                    }
                    catch (HttpRequestException) when (Volatile.Read(ref dying))
                    {
                        // In flight when the process died: never acknowledged, so nothing is owed.
                    }
                    catch (TaskCanceledException) when (Volatile.Read(ref dying))
                    {
                    }
                }
            })).ToList();
            await Task.WhenAll(senders).WaitAsync(TimeSpan.FromMinutes(2));
        }

        // The restarted silo delivers what its stream log still held to the indexer again: searchable shortly after.
        await using var restarted = await SiloProcess.StartAsync(_data);
        Assert.True(acknowledged.Count >= killAfterRequests * 250, $"expected at least {killAfterRequests * 250} acknowledged events, got {acknowledged.Count}");
        var lost = await Eventually.HoldsAsync(
            async () => acknowledged.Except(await StoredIdsAsync(restarted.Client)).ToList(),
            missing => missing.Count == 0, TimeSpan.FromSeconds(30), "every acknowledged event to be searchable after the restart");
        Assert.Empty(lost);
    }

    [Fact]
    public async Task An_error_acknowledged_right_before_a_SIGKILL_opens_its_alert_after_the_restart()
    {
        var logId = "fatal-" + Guid.NewGuid().ToString("N");
        await using (var silo = await SiloProcess.StartAsync(_data))
        {
            var body = $$$"""{"message_type":"LOG","log_id":"{{{logId}}}","node_id":"dying-1","log_level":"FATAL","message":"disk on fire","service_name":"CrashTest","error_details":{"error_code":"DISK"}}""";
            using var response = await silo.Client.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            silo.Kill();
        }

        await using var restarted = await SiloProcess.StartAsync(_data);
        var alerts = await Eventually.HoldsAsync(
            async () => JsonNode.Parse(await restarted.Client.GetStringAsync("/api/v1/alerts"))!.AsArray(),
            found => found.Any(a => (string?)a!["last_log_id"] == logId), TimeSpan.FromSeconds(30), $"an alert fed by {logId} after the restart");
        var alert = alerts.Single(a => (string?)a!["last_log_id"] == logId)!;
        Assert.Equal(("FATAL", "DISK", "OPEN"), ((string?)alert["rule"], (string?)alert["error_code"], (string?)alert["status"]));
        var entry = JsonNode.Parse(await restarted.Client.GetStringAsync($"/api/v1/logs/{logId}"))!;
        Assert.Equal("disk on fire", (string?)entry["message"]);
    }

    private static async Task<HashSet<string>> StoredIdsAsync(HttpClient client)
    {
        var stored = new HashSet<string>();
        string? cursor = null;
        do
        {
            var page = JsonNode.Parse(await client.GetStringAsync($"/api/v1/logs?service=CrashTest&limit=1000{(cursor is null ? "" : $"&cursor={cursor}")}"))!;
            foreach (var item in page["items"]!.AsArray()) stored.Add((string)item!["log_id"]!);
            cursor = (string?)page["next_cursor"];
        } while (cursor is not null);
        return stored;
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { /* the OS cleans its temp folder */ }
    }
}
