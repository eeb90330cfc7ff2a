using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Dashboard.Live;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Dashboard.Tests;

/// <summary>/hubs/live with Microsoft's .NET SignalR client as any .NET consumer would use it: default options, the JSON
/// hub protocol over a WebSocket, the filter in the hub's snake_case.</summary>
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
        await using var client = await ConnectAsync();
        var tail = await client.StreamAsChannelAsync<JsonElement>("Tail", new JsonObject { ["min_level"] = "WARN", ["service"] = "PaymentService" });
        var alerting = await client.StreamAsChannelAsync<JsonElement>("Alerts");
        var feed = _silo.Services.GetRequiredService<LiveFeed>();
        // Both streams must be subscribed before posting, or the alert could be published before anyone listens.
        await Await.Until(() => (feed.SubscriberCount == 1 && alerts.SubscriberCount > alertSubscribers) || tail.Completion.IsCompleted || alerting.Completion.IsCompleted,
            "the hub's tail and alert streams to subscribe");
        Assert.False(tail.Completion.IsFaulted, $"the hub refused the tail stream: {tail.Completion.Exception?.InnerException?.Message}");
        Assert.False(alerting.Completion.IsFaulted, $"the hub refused the alert stream: {alerting.Completion.Exception?.InnerException?.Message}");

        // Same node, so one partition keeps their order: the INFO (filtered out) comes first.
        using var response = await _silo.Client.PostEvents(Examples.Array(
            """{"message_type":"LOG","log_id":"quiet","node_id":"pay-1","service_name":"PaymentService","log_level":"INFO","message":"fine"}""",
            """{"message_type":"LOG","log_id":"loud","node_id":"pay-1","service_name":"PaymentService","log_level":"ERROR","message":"<b>card</b> declined","error_details":{"error_code":"E42"}}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // The entry (all_logs) and the alert it opens (critical_logs) travel different topics, each on its own stream.
        var item = JsonNode.Parse((await Await.Next(tail, "the ERROR entry on the tail stream")).GetRawText())!;
        Assert.Equal(("LOG", "loud", "ERROR", "<b>card</b> declined"), ((string?)item["message_type"], (string?)item["log_id"], (string?)item["log_level"], (string?)item["message"]));
        Assert.Equal("E42", (string?)item["error_details"]!["error_code"]);
        Assert.False(tail.TryRead(out var more), $"a second entry on the tail stream: the INFO entry must be filtered out: {more}");
        var alert = JsonNode.Parse((await Await.Next(alerting, "the alert the ERROR opened")).GetRawText())!;
        Assert.Equal(("OPENED", "ERROR"), ((string?)alert["change"], (string?)alert["alert"]!["rule"]));
    }

    [Fact]
    public async Task A_stream_the_hub_refuses_completes_with_the_hubs_error()
    {
        await using var client = await ConnectAsync();
        var refused = await client.StreamAsChannelAsync<JsonElement>("NoSuchMethod");

        var error = await Assert.ThrowsAsync<HubException>(() => Await.Completes(refused.Completion, "the hub to refuse an unknown method"));
        Assert.Contains("NoSuchMethod", error.Message);
    }

    private async Task<HubConnection> ConnectAsync()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(_silo.Client.BaseAddress!, LiveHub.Path)).Build();
        await Await.Completes(connection.StartAsync(), "the SignalR client to connect to /hubs/live");
        return connection;
    }
}
