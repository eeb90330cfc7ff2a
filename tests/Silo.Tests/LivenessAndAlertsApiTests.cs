using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Nodes;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Silo.Tests;

/// <summary>The liveness walk-through of the README over real HTTP in real time, with a 1 s heartbeat timeout: register,
/// beat, stop beating, see the node DOWN and an open node-failure alert, acknowledge it, beat again and see it resolved.</summary>
public sealed class LivenessAndAlertsApiTests : IAsyncLifetime
{
    private readonly Channel<NodeSummary> _nodes = Channel.CreateUnbounded<NodeSummary>();
    private TestSilo _silo = null!;
    private AlertSubscription _alerts = null!;

    private HttpClient Client => _silo.Client;

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync(new() { ["NodeHealth:HeartbeatTimeout"] = "00:00:01" });
        _silo.Services.GetRequiredService<NodeRegistry>().Changed += node => _nodes.Writer.TryWrite(node);
        _alerts = _silo.Services.GetRequiredService<AlertFeed>().Subscribe();
    }

    public async Task DisposeAsync()
    {
        _alerts.Dispose();
        await _silo.DisposeAsync();
    }

    private async Task PostAndWaitAsync(string json, Func<NodeSummary, bool> processed, string expected)
    {
        using var response = await Client.PostEvents(json);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        while (!processed(await Await.Next(_nodes.Reader, expected))) { }
    }

    [Fact]
    public async Task Node_that_stops_beating_is_down_with_an_open_alert_that_resolves_when_it_recovers()
    {
        await PostAndWaitAsync("""{"message_type":"REGISTRATION","node_id":"pay-1","service_name":"PaymentService","version":"2.4.1"}""",
            n => n.RegisteredAt is not null, "pay-1 to register");
        await PostAndWaitAsync("""{"message_type":"HEARTBEAT","node_id":"pay-1"}""", n => n.LastHeartbeat > n.RegisteredAt, "pay-1's heartbeat");

        var node = Assert.Single((await Client.GetNode("/api/v1/nodes")).AsArray())!;
        Assert.Equal(("pay-1", "PaymentService", "UP"), ((string?)node["node_id"], (string?)node["service_name"], (string?)node["status"]));
        Assert.Equal("2.4.1", (string?)node["metadata"]!["version"]);

        var opened = await Await.Next(_alerts.Reader, "a node-failure alert 1 s after the last beat");
        Assert.Equal(AlertRule.NodeFailure, opened.Alert.Rule);

        Assert.Equal("DOWN", (string?)(await Client.GetNode("/api/v1/nodes?status=DOWN")).AsArray().Single()!["status"]);
        Assert.Empty((await Client.GetNode("/api/v1/nodes?status=UP")).AsArray());
        var details = await Client.GetNode("/api/v1/nodes/pay-1");
        Assert.Equal("DOWN", (string?)details["history"]![0]!["status"]);
        Assert.Equal("no heartbeat for 1 s", (string?)details["history"]![0]!["reason"]);
        var alert = Assert.Single((await Client.GetNode("/api/v1/alerts?status=open")).AsArray())!;
        Assert.Equal(("NODE_FAILURE", "CRITICAL", "pay-1"), ((string?)alert["rule"], (string?)alert["severity"], (string?)alert["node_id"]));

        var alertId = (string)alert["alert_id"]!;
        using (var ack = await Client.PostAsync($"/api/v1/alerts/{alertId}/ack?by=alice", null))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
            Assert.Equal("ACKNOWLEDGED", (string?)(await ack.ReadNode())["status"]);
        }
        Assert.Equal(alertId, (string?)(await Client.GetNode("/api/v1/alerts?status=acknowledged")).AsArray().Single()!["alert_id"]);

        using (var beat = await Client.PostEvents("""{"message_type":"HEARTBEAT","node_id":"pay-1"}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, beat.StatusCode);
        }
        while ((await Await.Next(_alerts.Reader, "the alert to resolve when pay-1 recovers")).Change != AlertChange.Resolved) { }
        var resolved = Assert.Single((await Client.GetNode("/api/v1/alerts?status=resolved")).AsArray())!;
        Assert.Equal(("node recovered", "alice"), ((string?)resolved["resolved_by"], (string?)resolved["acknowledged_by"]));
        Assert.Equal("UP", (string?)(await Client.GetNode("/api/v1/nodes/pay-1"))["node"]!["status"]);
    }

    [Fact]
    public async Task Error_logs_open_alerts_over_http_and_unknown_ids_answer_404()
    {
        using var response = await Client.PostEvents("""
            {"message_type":"LOG","node_id":"ord-1","service_name":"OrderService","log_level":"FATAL","message":"out of memory","error_details":{"error_code":"OOM"}}
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Await.Next(_alerts.Reader, "an alert for the FATAL entry");

        var alert = Assert.Single((await Client.GetNode("/api/v1/alerts")).AsArray())!;
        Assert.Equal(("FATAL", "OOM", 1), ((string?)alert["rule"], (string?)alert["error_code"], (int)alert["count"]!));
        Assert.Equal("FATAL", (string?)(await Client.GetNode($"/api/v1/alerts/{alert["alert_id"]}"))["rule"]);

        foreach (var url in new[] { "/api/v1/alerts/nope", "/api/v1/nodes/nope" })
        {
            using var missing = await Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        using var ackMissing = await Client.PostAsync("/api/v1/alerts/nope/ack", null);
        Assert.Equal(HttpStatusCode.NotFound, ackMissing.StatusCode);
        using var badStatus = await Client.GetAsync("/api/v1/alerts?status=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }
}
