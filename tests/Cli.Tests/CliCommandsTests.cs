using System.Net;
using System.Text.Json.Nodes;
using Sawmill.Cli.Tests.Support;
using Sawmill.Dashboard.Live;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Sawmill.Silo.Tests.Support.Json;

namespace Sawmill.Cli.Tests;

/// <summary>The CLI's commands against a test silo with keys required, as a script uses them: output, JSON, exit codes.</summary>
public sealed class CliCommandsTests : IAsyncLifetime
{
    private TestSilo _silo = null!;
    private HttpClient _admin = null!;

    private Uri Url => _silo.Client.BaseAddress!;

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync(SecuredSilo.Settings());
        _admin = _silo.ClientWithKey(SecuredSilo.AdminKey);
    }

    [Fact]
    public async Task Search_finds_a_posted_entry_as_a_table_or_JSON_and_exits_1_when_nothing_matches()
    {
        using (var posted = await _admin.PostEvents(Examples.Array(
            """{"message_type":"LOG","log_id":"cli-s1","node_id":"cli-1","service_name":"CliService","log_level":"ERROR","message":"flux capacitor <b>overheated</b>"}""")))
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var table = await CliRun.RunAsync(Url, SecuredSilo.AdminKey, "search", "capacitor", "--level", "ERROR");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("flux capacitor <b>overheated</b>", table.Output);
        Assert.Contains("CliService", table.Output);

        var json = await CliRun.RunAsync(Url, SecuredSilo.AdminKey, "search", "capacitor", "--json");
        Assert.Equal("cli-s1", (string)JsonNode.Parse(json.Output)!["items"]![0]!["log_id"]!);

        var none = await CliRun.RunAsync(Url, SecuredSilo.AdminKey, "search", "nothingmatchesthis");
        Assert.Equal(ExitCodes.NothingFound, none.ExitCode);

        var anonymous = await CliRun.RunAsync(Url, null, "search", "capacitor");
        Assert.Equal(ExitCodes.NotAuthorized, anonymous.ExitCode);
        Assert.Contains("401", anonymous.Error);
    }

    [Fact]
    public async Task Tail_receives_a_posted_entry_from_the_live_hub()
    {
        var feed = _silo.Services.GetRequiredService<LiveFeed>();
        var subscribers = feed.SubscriberCount;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var tail = CliRun.RunAsync(Url, SecuredSilo.AdminKey, stop.Token, "tail", "--service", "TailService", "--count", "1", "--json");
        await Await.Until(() => feed.SubscriberCount > subscribers || tail.IsCompleted, "the CLI's tail to subscribe on the silo");

        using (var posted = await _admin.PostEvents("""{"message_type":"LOG","log_id":"cli-t1","node_id":"tail-1","service_name":"TailService","log_level":"WARN","message":"tailed"}"""))
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var run = await tail;
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("cli-t1", (string)JsonNode.Parse(run.Output)!["log_id"]!);
    }

    [Fact]
    public async Task Ingest_of_a_100k_line_file_shows_progress_and_every_line_is_searchable()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sawmill-cli-{Guid.NewGuid():N}.log");
        await File.WriteAllLinesAsync(file, Enumerable.Range(1, 100_000).Select(i => $"request r{i:D6} served in {i % 97} ms"));
        try
        {
            var run = await CliRun.RunAsync(Url, SecuredSilo.AdminKey, "ingest", file, "--service", "BulkService", "--node", "bulk-1");

            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains("ingest: 10,000 / 100,000 lines (10%)", run.Error);
            Assert.Contains("ingest: 100,000 / 100,000 lines (100%)", run.Error);
            Assert.Contains("100,000 accepted, 0 refused", run.Error);
            await _silo.DeliveredAsync();
            // Every line: the histogram's counts are exact (rollups), and any line is found by its words.
            var histogram = await _admin.GetNode("/api/v1/logs/histogram?service=BulkService&from=-1h&interval=1h");
            Assert.Equal(100_000, histogram["buckets"]!.AsArray().Sum(b => b!["counts"]!.AsObject().Sum(c => (long)c.Value!)));
            foreach (var line in new[] { 1, 54_321, 100_000 })
                Assert.Single((await _admin.GetNode($"/api/v1/logs?q=r{line:D6}"))["items"]!.AsArray());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Keys_are_created_with_the_secret_alone_on_stdout_listed_and_revoked()
    {
        var created = await CliRun.RunAsync(Url, SecuredSilo.AdminKey, "keys", "create", "ci shipper", "--scope", "ingest", "--scope", "read");
        Assert.Equal(0, created.ExitCode);
        var secret = created.Output.Trim();
        Assert.StartsWith("swm_", secret);
        var id = ((string)(await _admin.GetNode("/api/v1/keys"))["keys"]!.AsArray().Single(k => (string)k!["name"]! == "ci shipper")!["id"]!);

        var list = await CliRun.RunAsync(Url, SecuredSilo.AdminKey, "keys", "list");
        Assert.Contains("ci shipper", list.Output);
        Assert.DoesNotContain(secret, list.Output);
        var withNewKey = await CliRun.RunAsync(Url, secret, "nodes", "--json");
        Assert.Equal(0, withNewKey.ExitCode);

        var revoked = await CliRun.RunAsync(Url, SecuredSilo.AdminKey, "keys", "revoke", id);
        Assert.Equal(0, revoked.ExitCode);
        Assert.Equal(ExitCodes.NotAuthorized, (await CliRun.RunAsync(Url, secret, "nodes")).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await CliRun.RunAsync(Url, SecuredSilo.AdminKey, "keys", "revoke", "no-such-key")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await CliRun.RunAsync(Url, SecuredSilo.AdminKey, "keys", "create", "x", "--scope", "write")).ExitCode);
    }

    [Fact]
    public async Task Nodes_and_alerts_are_listed_and_an_alert_is_acknowledged()
    {
        using (var posted = await _admin.PostEvents(Examples.Array(
            """{"message_type":"REGISTRATION","node_id":"cli-n1","service_name":"NodeCliService"}""",
            """{"message_type":"LOG","node_id":"cli-n1","service_name":"NodeCliService","log_level":"FATAL","message":"reactor scram","error_details":{"error_code":"SCRAM"}}""")))
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var nodes = await CliRun.RunAsync(Url, SecuredSilo.AdminKey, "nodes", "--service", "NodeCliService");
        Assert.Contains("cli-n1", nodes.Output);
        Assert.Contains("UP", nodes.Output);

        string? alertId = null;
        await Await.UntilAsync(async () =>
        {
            var alerts = await CliRun.RunAsync(Url, SecuredSilo.AdminKey, "alerts", "--status", "open", "--json");
            alertId = (string?)JsonNode.Parse(alerts.Output)!.AsArray().FirstOrDefault(a => ((string?)a!["title"])?.Contains("SCRAM") == true)?["alert_id"];
            return alertId is not null;
        }, "the FATAL entry's alert listed by the CLI");

        var ack = await CliRun.RunAsync(Url, SecuredSilo.AdminKey, "alerts", "ack", alertId!);
        Assert.True(ack.ExitCode == 0, ack.Error);
        Assert.Contains("(cli)", ack.Output);
        Assert.Equal(ExitCodes.NotFound, (await CliRun.RunAsync(Url, SecuredSilo.AdminKey, "alerts", "ack", "no-such-alert")).ExitCode);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _silo.DisposeAsync();
    }
}
