using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Dashboard.Live;
using Sawmill.Grains.Alerting;
using Sawmill.Dashboard.Tests.Support;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Dashboard.Tests;

public sealed class LiveHubTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(replace: s => s.Configure<Microsoft.AspNetCore.SignalR.HubOptions>(o => o.EnableDetailedErrors = true));

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Hub_client_receives_posted_events_that_match_its_filter_and_alerts()
    {
        var alerts = _silo.Services.GetRequiredService<AlertFeed>();
        var alertSubscribers = alerts.SubscriberCount;
        await using var client = await SignalRJsonClient.ConnectAsync(new Uri(_silo.Client.BaseAddress!, LiveHub.Path));
        await client.StreamAsync("tail", "Tail", new JsonObject { ["min_level"] = "WARN", ["service"] = "PaymentService" });
        await client.StreamAsync("alerts", "Alerts");
        var feed = _silo.Services.GetRequiredService<LiveFeed>();
        // Both streams must be subscribed before posting, or the alert could be published before anyone listens.
        await Await.Until(() => (feed.SubscriberCount == 1 && alerts.SubscriberCount > alertSubscribers) || client.Others.Reader.Count > 0,
            "the hub's tail and alert streams to subscribe");
        Assert.False(client.Others.Reader.TryPeek(out var refused), $"the hub refused the stream: {refused?.ToJsonString()}");

        // Same node, so one partition keeps their order: the INFO (filtered out) comes first.
        using var response = await _silo.Client.PostEvents(Examples.Array(
            """{"message_type":"LOG","log_id":"quiet","node_id":"pay-1","service_name":"PaymentService","log_level":"INFO","message":"fine"}""",
            """{"message_type":"LOG","log_id":"loud","node_id":"pay-1","service_name":"PaymentService","log_level":"ERROR","message":"<b>card</b> declined","error_details":{"error_code":"E42"}}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // The entry (all_logs) and the alert it opens (critical_logs) travel different topics: either may come first.
        var received = new Dictionary<string, JsonNode>();
        while (received.Count < 2)
        {
            var (stream, node) = await Await.Next(client.Items.Reader, "the ERROR entry on the tail stream and the alert it opened");
            Assert.True(received.TryAdd(stream, node), $"a second item on stream {stream}: the INFO entry must be filtered out");
        }
        var item = received["tail"];
        Assert.Equal(("LOG", "loud", "ERROR", "<b>card</b> declined"), ((string?)item["message_type"], (string?)item["log_id"], (string?)item["log_level"], (string?)item["message"]));
        Assert.Equal("E42", (string?)item["error_details"]!["error_code"]);
        var alert = received["alerts"];
        Assert.Equal(("OPENED", "ERROR"), ((string?)alert["change"], (string?)alert["alert"]!["rule"]));
    }
}
