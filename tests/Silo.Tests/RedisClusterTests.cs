using System.Net;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Dashboard.Live;
using Sawmill.Silo.Tests.Support;
using Sawmill.Streams.Kafka;
using Sawmill.Streams.Kafka.Development;

namespace Sawmill.Silo.Tests;

/// <summary>Several silos in one cluster: membership, grain state and reminders on a real Redis, streams on Kafka
/// (librdkafka's mock cluster).</summary>
public sealed class RedisClusterTests : IAsyncLifetime
{
    private readonly MockKafkaCluster _kafka = new();
    private readonly Sawmill.Storage.Postgres.Tests.Support.PostgresServer _postgres = new();
    private RedisServer _redis = null!;

    public async Task InitializeAsync()
    {
        _kafka.CreateSawmillTopics();
        _redis = await RedisServer.StartAsync();
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Kafka:BootstrapServers"] = _kafka.BootstrapServers,
        ["Kafka:PublishTimeout"] = "00:00:05",
        ["Cluster:Redis"] = _redis.ConnectionString,
        ["Cluster:ClusterId"] = "tests",
        ["Silo:OrleansDashboard"] = "false",
    };

    [Fact]
    public async Task Two_silos_on_the_same_Redis_form_one_cluster()
    {
        await using var first = await TestSilo.StartAsync(Settings());
        await using var second = await TestSilo.StartAsync(Settings());

        foreach (var silo in new[] { first, second })
        {
            await Await.UntilAsync(async () => (await silo.Client.GetNode("/api/v1/runtime/grains"))["silos"]!.AsArray().Count == 2,
                "each silo's runtime view to list both silos", TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task A_nodes_state_lives_in_Redis_so_a_new_silo_with_an_empty_data_folder_knows_its_registration()
    {
        await using (var first = await TestSilo.StartAsync(Settings()))
        {
            using var registered = await first.Client.PostEvents("""{"message_type":"REGISTRATION","node_id":"pay-9","service_name":"PaymentService","version":"2.4.1"}""");
            Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
            await Await.UntilAsync(async () => (await first.Client.GetNode("/api/v1/nodes"))!.AsArray().Any(n => (string?)n!["node_id"] == "pay-9"),
                "pay-9 registered on the first silo");
        }

        await using var next = await TestSilo.StartAsync(Settings());
        using (var beat = await next.Client.PostEvents("""{"message_type":"HEARTBEAT","node_id":"pay-9"}"""))
            Assert.Equal(HttpStatusCode.Accepted, beat.StatusCode);

        // The heartbeat alone says no service: PaymentService can only come from the state the first silo stored in Redis.
        await Await.UntilAsync(async () => (await next.Client.GetNode("/api/v1/nodes")).AsArray()
            .Any(n => (string?)n!["node_id"] == "pay-9" && (string?)n["service_name"] == "PaymentService"), "pay-9 known with its registered service on the new silo");
    }

    [Fact]
    public async Task A_node_registered_through_one_silo_is_listed_by_every_silo_and_seen_DOWN_by_all_when_it_stops()
    {
        var settings = Settings();
        settings["NodeHealth:HeartbeatTimeout"] = "00:00:01";
        await using var first = await TestSilo.StartAsync(settings);
        await using var second = await TestSilo.StartAsync(settings);

        using (var registered = await first.Client.PostEvents(Examples.Array(
            """{"message_type":"REGISTRATION","node_id":"pay-3","service_name":"PaymentService"}""", """{"message_type":"HEARTBEAT","node_id":"pay-3"}""")))
            Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);

        // No more beats: the node's grain, on whichever silo, declares it DOWN after the timeout, and both silos list that.
        foreach (var silo in new[] { second, first })
        {
            await Await.UntilAsync(async () => (await silo.Client.GetNode("/api/v1/nodes")).AsArray()
                .Any(n => (string?)n!["node_id"] == "pay-3" && (string?)n["service_name"] == "PaymentService" && (string?)n["status"] == "DOWN"),
                "pay-3 DOWN in this silo's node list", TimeSpan.FromSeconds(20));
            Assert.Equal("DOWN", (string?)(await silo.Client.GetNode("/api/v1/nodes/pay-3"))["node"]!["status"]);
        }
    }

    [Fact]
    public async Task Every_silos_live_tail_shows_the_entries_of_every_partition_once()
    {
        await using var first = await TestSilo.StartAsync(Settings());
        await using var second = await TestSilo.StartAsync(Settings());
        await Await.UntilAsync(async () => (await second.Client.GetNode("/api/v1/runtime/grains"))["silos"]!.AsArray().Count == 2, "both silos in the cluster", TimeSpan.FromSeconds(30));
        await Await.Completes(second.Services.GetRequiredService<KafkaLiveTail>().Ready, "the second silo's live tail positioned");
        using var viewer = second.Services.GetRequiredService<LiveFeed>().Subscribe(new LiveFilter());

        // Eight nodes hash onto several partitions, whose consumers are spread over both silos.
        var ids = Enumerable.Range(0, 8).Select(i => $"tail-{i}").ToList();
        using (var response = await first.Client.PostEvents(Examples.Array([.. ids.Select(id => Examples.Log(id, node: $"node-{id}"))])))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var seen = new List<string>();
        while (seen.Count < ids.Count) seen.Add((await Await.Next(viewer.Reader, $"entry {seen.Count + 1} of {ids.Count} in the second silo's live tail")).LogId);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task With_PostgreSQL_an_event_posted_to_one_silo_is_searchable_from_the_other_and_its_alert_listed_by_both()
    {
        await _postgres.InitializeAsync();
        var settings = Settings();
        settings["Storage:Postgres:ConnectionString"] = await _postgres.CreateDatabaseAsync();
        settings["Storage:Postgres:Retention"] = "3650.00:00:00"; // the SPEC's examples carry fixed 2026-11 times
        await using var first = await TestSilo.StartAsync(settings);
        await using var second = await TestSilo.StartAsync(settings);

        using (var response = await first.Client.PostEvents(Examples.Array(Examples.Info, Examples.Error, Examples.Log("other-1", node: "orders-3"))))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await Await.UntilAsync(async () => (await second.Client.SearchIds("limit=10")).Order(StringComparer.Ordinal).SequenceEqual(["error-0001", "info-0001", "other-1"]),
            "the three events searchable on the other silo");
        foreach (var silo in new[] { second, first })
        {
            await Await.UntilAsync(async () => (await silo.Client.GetNode("/api/v1/alerts?status=open")).AsArray().Count == 1, "the ERROR's alert listed by this silo");
            Assert.Equal("PostgreSQL", (string?)(await silo.Client.GetNode("/healthz"))["storage"]!["description"]);
        }
    }

    [Fact]
    public async Task A_new_alert_is_pushed_to_the_dashboards_of_every_silo_and_its_webhook_fires_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = Settings();
        settings["Alerting:Webhooks:0"] = receiver.Url;
        await using var first = await TestSilo.StartAsync(settings);
        await using var second = await TestSilo.StartAsync(settings);
        await Await.UntilAsync(async () => (await second.Client.GetNode("/api/v1/runtime/grains"))["silos"]!.AsArray().Count == 2, "both silos in the cluster", TimeSpan.FromSeconds(30));
        // Each silo's relay subscribes as it starts and renews every few seconds: a grain activation that moved as the
        // cluster formed knows both once the renewals reached it.
        var alerts = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IAlertGrain>(Topics.AlertsKey);
        await Await.UntilAsync(async () => await alerts.GetSubscriberCountAsync() == 2, "both silos subscribed to the alert grain", TimeSpan.FromSeconds(30));
        var feeds = new[] { first, second }.Select(s => s.Services.GetRequiredService<AlertFeed>().Subscribe()).ToList();

        using (var response = await second.Client.PostEvents(Examples.Array(Examples.Error)))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var opened = new List<AlertNotification>();
        foreach (var feed in feeds) opened.Add(await Await.Next(feed.Reader, "the new alert on this silo's dashboard feed"));
        Assert.All(opened, n => Assert.Equal(AlertChange.Opened, n.Change));
        Assert.Single(opened.Select(n => n.Alert.AlertId).Distinct());

        // Acknowledged through the first silo: once both feeds and the webhook have that, an opening sent twice would have come before it.
        using (var acknowledged = await first.Client.PostAsync($"/api/v1/alerts/{opened[0].Alert.AlertId}/ack", null))
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        foreach (var feed in feeds) Assert.Equal(AlertChange.Acknowledged, (await Await.Next(feed.Reader, "the acknowledgement on this silo's feed")).Change);
        var hooks = new List<string?>();
        while (hooks.LastOrDefault() != "ACKNOWLEDGED") hooks.Add((string?)(await Await.Next(receiver.Requests.Reader, "the webhook's notifications")).Body["change"]);
        Assert.Equal(["OPENED", "ACKNOWLEDGED"], hooks);
        feeds.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task A_cluster_without_Kafka_is_refused_with_a_message_saying_why()
    {
        var settings = Settings();
        settings.Remove("Kafka:BootstrapServers");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(settings));

        Assert.Contains("needs Kafka:BootstrapServers", error.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        await _redis.DisposeAsync();
        _kafka.Dispose();
    }
}
