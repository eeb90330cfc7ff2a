using Microsoft.Extensions.DependencyInjection;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;
using Sawmill.Grains.Tests.Support;
using Sawmill.Storage.Sqlite.Streams;

namespace Sawmill.Grains.Tests.Nodes;

/// <summary>The node grain on a real silo, in real time with a 1 s heartbeat timeout; the exact timing rules are
/// HeartbeatTracker's (HeartbeatTrackerTests, on a manual clock).</summary>
public sealed class NodeGrainTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["NodeHealth:HeartbeatTimeout"] = "00:00:01",
        ["NodeHealth:ReminderPeriod"] = "00:00:02",
    };
    private readonly TempDirectory _directory = new();

    private Task<TestHost> StartAsync(Action<IServiceCollection>? replace = null) => TestHost.StartAsync(_directory.Path, Settings, replace);

    private static Registration Register(string node = "n1") => new() { NodeId = node, ServiceName = "PaymentService", Timestamp = Some.Time, LogId = "r-" + node,
        Properties = new() { ["version"] = System.Text.Json.JsonDocument.Parse("\"2.4.1\"").RootElement } };

    private static Heartbeat Beat(string node = "n1", NodeStatus status = NodeStatus.Up) => new() { NodeId = node, Status = status, Timestamp = Some.Time };

    private static async Task<NodeSummary> RegisterAsync(TestHost host, string node = "n1")
    {
        await host.PublishAsync(Register(node));
        return await host.NodeAsync(node, n => n.RegisteredAt is not null && n.Status == NodeStatus.Up, $"{node} to register");
    }

    [Fact]
    public async Task Node_is_declared_failed_once_after_the_timeout_and_an_alert_opens()
    {
        await using var host = await StartAsync();
        var registered = await RegisterAsync(host);

        var failure = Assert.IsType<NodeFailure>(await Await.Next(host.NodeEvents.Reader, "a NODE_FAILURE once the timeout passed"));
        Assert.Equal(("n1", "PaymentService", registered.LastHeartbeat), (failure.NodeId, failure.ServiceName, failure.LastHeartbeat));
        Assert.True(failure.DetectedAt - failure.LastHeartbeat >= Timeout, $"detected {failure.DetectedAt - failure.LastHeartbeat} after the last beat, before the {Timeout} timeout");
        var alert = await Await.Next(host.Alerts, "a node-failure alert");
        Assert.Equal((AlertChange.Opened, AlertRule.NodeFailure, "n1"), (alert.Change, alert.Alert.Rule, alert.Alert.NodeId));
        await host.NodeAsync("n1", n => n.Status == NodeStatus.Down, "n1 to be DOWN");

        // The next event of the node after the failure is its recovery: the failure was published once.
        await host.PublishAsync(Beat());
        Assert.IsType<NodeRecovered>(await Await.Next(host.NodeEvents.Reader, "the recovery, not a second failure"));
        var details = (await host.Grains.GetGrain<INodeGrain>("n1").GetDetailsAsync())!;
        Assert.Single(details.History, h => h.Status == NodeStatus.Down);
    }

    [Fact]
    public async Task Registering_again_while_up_adds_no_second_history_row()
    {
        await using var host = await StartAsync();
        var first = await RegisterAsync(host);
        await host.PublishAsync(Register());
        await host.NodeAsync("n1", n => n.RegisteredAt > first.RegisteredAt, "the second registration to apply");

        var details = (await host.Grains.GetGrain<INodeGrain>("n1").GetDetailsAsync())!;
        Assert.Single(details.History);
        Assert.Equal((NodeStatus.Up, "registered"), (details.History[0].Status, details.History[0].Reason));
    }

    [Fact]
    public async Task Beats_resuming_publish_node_recovered_and_resolve_the_alert()
    {
        await using var host = await StartAsync();
        await RegisterAsync(host);
        var failure = Assert.IsType<NodeFailure>(await Await.Next(host.NodeEvents.Reader, "a NODE_FAILURE"));
        var opened = await Await.Next(host.Alerts, "the node-failure alert");

        await host.PublishAsync(Beat());

        var recovered = Assert.IsType<NodeRecovered>(await Await.Next(host.NodeEvents.Reader, "a NODE_RECOVERED"));
        Assert.Equal(("n1", failure.DetectedAt), (recovered.NodeId, recovered.DetectedAt));
        Assert.True(recovered.RecoveredAt > failure.DetectedAt);
        var resolved = await Await.Next(host.Alerts, "the alert to resolve");
        Assert.Equal((AlertChange.Resolved, opened.Alert.AlertId), (resolved.Change, resolved.Alert.AlertId));
        await host.NodeAsync("n1", n => n.Status == NodeStatus.Up, "n1 to be UP again");
    }

    [Fact]
    public async Task Graceful_down_never_alerts()
    {
        await using var host = await StartAsync();
        await RegisterAsync(host);
        await host.PublishAsync(Beat(status: NodeStatus.Down));
        await host.NodeAsync("n1", n => n.Status == NodeStatus.Down, "n1 to be DOWN after its goodbye");

        // A witness registered after the goodbye times out later than n1 would have: its failure comes first.
        await RegisterAsync(host, "witness");
        var first = Assert.IsType<NodeFailure>(await Await.Next(host.NodeEvents.Reader, "the witness's failure"));
        Assert.Equal("witness", first.NodeId);
        var details = (await host.Grains.GetGrain<INodeGrain>("n1").GetDetailsAsync())!;
        Assert.Equal("graceful shutdown (DOWN heartbeat)", details.History[0].Reason);
    }

    [Fact]
    public async Task After_a_silo_restart_the_reminder_still_detects_a_dead_node()
    {
        await using (var first = await StartAsync())
        {
            await RegisterAsync(first);
        }

        // The node never beats again; after the restart nothing activates its grain but the reminder.
        await using var second = await StartAsync();
        Assert.True(second.Registry.TryGet("n1", out var stored) && stored.Status == NodeStatus.Up, "the stored node is listed at start");
        var failure = Assert.IsType<NodeFailure>(await Await.Next(second.NodeEvents.Reader, "the reminder to re-activate n1 and its timer to declare it failed"));
        Assert.Equal("n1", failure.NodeId);
    }

    [Fact]
    public async Task Failure_waits_while_the_stream_still_holds_messages_from_before_the_deadline()
    {
        LaggingBacklog? backlog = null;
        await using var host = await StartAsync(services => services.AddSingleton<IStreamBacklog>(sp => backlog = new LaggingBacklog(sp.GetRequiredService<SqliteStreamLog>())));
        var registered = await RegisterAsync(host);

        // A burst holds back a message enqueued right after the beat: it could be the next beat.
        backlog!.PendingSinceOverride = registered.LastHeartbeat + TimeSpan.FromMilliseconds(1);
        for (var question = 0; question < 3; question++)
        {
            Assert.Equal(Topics.AllLogs, (await Await.Next(backlog.Questions.Reader, "the grain to ask for the partition's backlog at its deadline")).Topic);
        }
        Assert.False(host.NodeEvents.Reader.TryRead(out _), "no failure while a beat may still be in the stream");

        backlog.PendingSinceOverride = null;
        Assert.IsType<NodeFailure>(await Await.Next(host.NodeEvents.Reader, "the failure once the stream has caught up"));
    }

    [Fact]
    public async Task Logs_count_per_level_and_an_unknown_node_is_auto_registered()
    {
        await using var host = await StartAsync();
        await host.PublishAsync(
            Some.LogEntry(node: "n7", level: Severity.Info, service: "OrderService"),
            Some.LogEntry(node: "n7", level: Severity.Error, service: "OrderService", message: "boom"),
            Some.LogEntry(node: "n7", level: Severity.Info, service: "OrderService"));

        var node = await host.NodeAsync("n7", n => n.Counts.Values.Sum() == 3, "n7 to count three entries");
        Assert.Equal(("OrderService", 2L, 1L), (node.ServiceName, node.Counts["INFO"], node.Counts["ERROR"]));
        Assert.Equal("boom", node.LastError?.Message);
        var details = (await host.Grains.GetGrain<INodeGrain>("n7").GetDetailsAsync())!;
        Assert.Equal("boom", Assert.Single(details.RecentErrors).Message);

        // Known only from its logs, n7 is not watched: a witness registered later fails, n7 never does.
        await RegisterAsync(host, "witness");
        Assert.Equal("witness", (await Await.Next(host.NodeEvents.Reader, "the witness's failure")).NodeId);
    }

    [Fact]
    public async Task A_redelivered_batch_is_not_counted_twice()
    {
        await using var host = await StartAsync();
        var grain = host.Grains.GetGrain<INodeGrain>("n9");
        var batch = new NodeBatch([Some.LogEntry(node: "n9", level: Severity.Warn), Some.LogEntry(node: "n9", level: Severity.Warn)], [41, 42]);

        await grain.ApplyAsync(batch);
        await grain.ApplyAsync(batch);
        await grain.ApplyAsync(new NodeBatch([Some.LogEntry(node: "n9", level: Severity.Warn)], [43]));

        Assert.Equal(3, (await grain.GetDetailsAsync())!.Node.Counts["WARN"]);
    }

    public void Dispose() => _directory.Dispose();
}
