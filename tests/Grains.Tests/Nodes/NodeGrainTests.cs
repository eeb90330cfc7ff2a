using Microsoft.Extensions.DependencyInjection;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;
using Sawmill.Grains.Tests.Support;

namespace Sawmill.Grains.Tests.Nodes;

public sealed class NodeGrainTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(6);
    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();

    private Task<TestHost> StartAsync() => TestHost.StartAsync(_directory.File("sawmill.db"), _time);

    private Registration Register(string node = "n1") => new() { NodeId = node, ServiceName = "PaymentService", Timestamp = _time.GetUtcNow(), LogId = "r-" + node,
        Properties = new() { ["version"] = System.Text.Json.JsonDocument.Parse("\"2.4.1\"").RootElement } };

    private Heartbeat Beat(string node = "n1", NodeStatus status = NodeStatus.Up) => new() { NodeId = node, Status = status, Timestamp = _time.GetUtcNow() };

    private async Task RegisterAndWaitAsync(TestHost host, string node = "n1")
    {
        var now = _time.GetUtcNow();
        await host.PublishAsync(Register(node));
        await host.NodeAsync(node, n => n.RegisteredAt == now, $"{node} to register at {now:O}");
    }

    /// <summary>Beats a moment later than anything before, so the awaited summary can only be this beat's.</summary>
    private async Task BeatAndWaitAsync(TestHost host, string node = "n1")
    {
        _time.Advance(TimeSpan.FromMilliseconds(10));
        var now = _time.GetUtcNow();
        await host.PublishAsync(Beat(node));
        await host.NodeAsync(node, n => n.LastHeartbeat == now && n.Status == NodeStatus.Up, $"{node} to record the heartbeat at {now:O}");
    }

    [Fact]
    public async Task Node_is_declared_failed_exactly_once_after_the_timeout_and_an_alert_opens()
    {
        await using var host = await StartAsync();
        await RegisterAndWaitAsync(host);
        await BeatAndWaitAsync(host);
        var start = _time.GetUtcNow();

        _time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.False(host.NodeEvents.Reader.TryRead(out _), "no failure before the timeout");
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var failure = Assert.IsType<NodeFailure>(await Await.Next(host.NodeEvents.Reader, "a NODE_FAILURE at the timeout"));
        Assert.Equal(("n1", "PaymentService", start, start + Timeout), (failure.NodeId, failure.ServiceName, failure.LastHeartbeat, failure.DetectedAt));
        var alert = await Await.Next(host.Alerts, "a node-failure alert");
        Assert.Equal((AlertChange.Opened, AlertRule.NodeFailure, "n1"), (alert.Change, alert.Alert.Rule, alert.Alert.NodeId));
        var down = await host.NodeAsync("n1", n => n.Status == NodeStatus.Down, "n1 to be DOWN");
        Assert.Equal(start, down.LastHeartbeat);

        _time.Advance(TimeSpan.FromMinutes(5));
        var details = (await host.Grains.GetGrain<INodeGrain>("n1").GetDetailsAsync())!;
        Assert.Single(details.History, h => h.Status == NodeStatus.Down);
        Assert.False(host.NodeEvents.Reader.TryRead(out _), "a failure is published once");
    }

    [Fact]
    public async Task Jittered_beats_within_the_timeout_never_fail()
    {
        await using var host = await StartAsync();
        await RegisterAndWaitAsync(host);
        var random = new Random(7);
        for (var i = 0; i < 25; i++)
        {
            await BeatAndWaitAsync(host);
            _time.Advance(TimeSpan.FromMilliseconds(random.Next(1_000, 5_999)));
        }

        Assert.False(host.NodeEvents.Reader.TryRead(out _), "beats within the timeout never fail the node");
        Assert.False(host.Alerts.TryRead(out _), "and never alert");
        Assert.True(host.Registry.TryGet("n1", out var node) && node.Status == NodeStatus.Up);
    }

    [Fact]
    public async Task Beats_resuming_publish_node_recovered_and_resolve_the_alert()
    {
        await using var host = await StartAsync();
        await RegisterAndWaitAsync(host);
        await BeatAndWaitAsync(host);
        _time.Advance(Timeout);
        var failure = await Await.Next(host.NodeEvents.Reader, "a NODE_FAILURE");
        var opened = await Await.Next(host.Alerts, "the node-failure alert");

        _time.Advance(TimeSpan.FromSeconds(30));
        var now = _time.GetUtcNow();
        await host.PublishAsync(Beat());

        var recovered = Assert.IsType<NodeRecovered>(await Await.Next(host.NodeEvents.Reader, "a NODE_RECOVERED"));
        Assert.Equal(("n1", now, ((NodeFailure)failure).DetectedAt), (recovered.NodeId, recovered.RecoveredAt, recovered.DetectedAt));
        var resolved = await Await.Next(host.Alerts, "the alert to resolve");
        Assert.Equal((AlertChange.Resolved, opened.Alert.AlertId), (resolved.Change, resolved.Alert.AlertId));
        await host.NodeAsync("n1", n => n.Status == NodeStatus.Up, "n1 to be UP again");
    }

    [Fact]
    public async Task Graceful_down_never_alerts()
    {
        await using var host = await StartAsync();
        await RegisterAndWaitAsync(host);
        await BeatAndWaitAsync(host);
        await host.PublishAsync(Beat(status: NodeStatus.Down));
        await host.NodeAsync("n1", n => n.Status == NodeStatus.Down, "n1 to be DOWN after its goodbye");

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.False(host.NodeEvents.Reader.TryRead(out _), "a goodbye is not a failure");
        Assert.False(host.Alerts.TryRead(out _), "a goodbye never alerts");
        var details = (await host.Grains.GetGrain<INodeGrain>("n1").GetDetailsAsync())!;
        Assert.Equal("graceful shutdown (DOWN heartbeat)", details.History[0].Reason);
    }

    [Fact]
    public async Task After_a_silo_restart_the_reminder_still_detects_a_dead_node()
    {
        await using (var first = await StartAsync())
        {
            await RegisterAndWaitAsync(first);
            await BeatAndWaitAsync(first);
        }
        // The silo was down for a while; the node never beats again.
        _time.Advance(TimeSpan.FromSeconds(20));

        await using var second = await StartAsync();
        Assert.True(second.Registry.TryGet("n1", out var stored) && stored.Status == NodeStatus.Up, "the stored node is listed at start");
        _time.Advance(TimeSpan.FromMinutes(1));
        await second.NodeAsync("n1", _ => true, "the reminder to re-activate n1");
        _time.Advance(Timeout);

        var failure = Assert.IsType<NodeFailure>(await Await.Next(second.NodeEvents.Reader, "the re-activated node to be declared failed"));
        Assert.Equal("n1", failure.NodeId);
    }

    [Fact]
    public async Task Failure_waits_while_the_stream_still_holds_messages_from_before_the_deadline()
    {
        LaggingTopics? topics = null;
        await using var host = await TestHost.StartAsync(_directory.File("sawmill.db"), _time, replace: services =>
        {
            services.AddSingleton<InProcessTopicProvider>();
            services.AddSingleton<ITopicProvider>(sp => topics = new LaggingTopics(sp.GetRequiredService<InProcessTopicProvider>()));
        });
        await RegisterAndWaitAsync(host);
        await BeatAndWaitAsync(host);

        // A burst holds back messages published a second after this beat: one of them could be the next beat.
        topics!.PendingSinceOverride = _time.GetUtcNow() + TimeSpan.FromSeconds(1);
        _time.Advance(Timeout);
        await _time.WaitForTimerAsync(TimeSpan.FromMilliseconds(200), "the check to be postponed while the stream lags");
        Assert.False(host.NodeEvents.Reader.TryRead(out _), "no failure while beats may still be in the stream");

        topics.PendingSinceOverride = null;
        _time.Advance(TimeSpan.FromMilliseconds(200));
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
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.False(host.NodeEvents.Reader.TryRead(out _), "a node known only from its logs is not watched");
    }

    public void Dispose() => _directory.Dispose();
}
