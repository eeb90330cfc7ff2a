using Microsoft.Extensions.DependencyInjection;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Tests.Support;

namespace Sawmill.Grains.Tests.Alerting;

public sealed class AlertGrainTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private Task<TestHost> StartAsync(Dictionary<string, string?>? settings = null) => TestHost.StartAsync(_directory.Path, settings);

    private static LogEntry Error(string node = "n1", string code = "E42") => Some.LogEntry(node: node, level: Severity.Error, message: "card declined") with
    {
        ErrorDetails = new ErrorDetails { ErrorCode = code },
    };

    [Fact]
    public async Task Repeated_errors_count_on_one_stored_alert_that_survives_a_restart()
    {
        string alertId;
        await using (var host = await StartAsync())
        {
            await host.PublishAsync(Error(), Error(), Error());
            var opened = await Await.Next(host.Alerts, "an alert for the first error");
            Assert.Equal(AlertChange.Opened, opened.Change);
            alertId = opened.Alert.AlertId;
            await Await.Next(host.Alerts, "the second error to count");
            var third = await Await.Next(host.Alerts, "the third error to count");
            Assert.Equal((alertId, 3L), (third.Alert.AlertId, third.Alert.Count));
            Assert.Equal(3, (await host.Services.GetRequiredService<IAlertStore>().GetAsync(alertId))!.Count);
            // Confirmed delivered before the stop, so the restart does not receive (and count) the batch again.
            await Await.Completes(host.Services.GetRequiredService<Sawmill.Storage.Sqlite.Streams.SqliteStreamLog>().WaitForDeliveryAsync(CancellationToken.None),
                "the stream to confirm the errors' delivery");
        }

        await using var restarted = await StartAsync();
        await restarted.PublishAsync(Error());
        var fourth = await Await.Next(restarted.Alerts, "the error after the restart to count on the stored alert");
        Assert.Equal((AlertChange.Updated, alertId, 4L), (fourth.Change, fourth.Alert.AlertId, fourth.Alert.Count));
    }

    [Fact]
    public async Task Acknowledge_then_resolve_is_stored_and_notified()
    {
        await using var host = await StartAsync();
        await host.PublishAsync(Error());
        var id = (await Await.Next(host.Alerts, "an alert")).Alert.AlertId;
        var grain = host.Grains.GetGrain<IAlertGrain>(Topics.AlertsKey);

        var acknowledged = await grain.AcknowledgeAsync(id, "alice");
        Assert.Equal((AlertStatus.Acknowledged, "alice"), (acknowledged!.Status, acknowledged.AcknowledgedBy));
        Assert.Equal(AlertChange.Acknowledged, (await Await.Next(host.Alerts, "the acknowledgement")).Change);
        Assert.Equal(AlertStatus.Acknowledged, (await grain.AcknowledgeAsync(id, "bob"))!.Status);

        var resolved = await grain.ResolveAsync(id, "alice");
        Assert.Equal(AlertStatus.Resolved, resolved!.Status);
        var store = host.Services.GetRequiredService<IAlertStore>();
        Assert.Equal(AlertStatus.Resolved, (await store.GetAsync(id))!.Status);
        Assert.Equal([id], (await store.ListAsync(AlertStatus.Resolved, 10)).Select(a => a.AlertId));
        Assert.Empty(await store.ListAsync(AlertStatus.Open, 10));
        Assert.Null(await grain.AcknowledgeAsync("no-such-alert", null));
    }

    [Fact]
    public async Task Webhook_is_delivered_to_a_real_listener_and_retried_after_a_500()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 200);
        await using var host = await StartAsync(new() { ["Alerting:Webhooks:0"] = receiver.Url, ["Alerting:WebhookBackoff"] = "00:00:00.100" });

        await host.PublishAsync(Error());
        var first = await Await.Next(receiver.Requests.Reader, "the webhook's first attempt");
        Assert.Equal(500, first.Status);
        Assert.Equal("OPENED", (string?)first.Body["change"]);
        Assert.Equal("ERROR", (string?)first.Body["alert"]!["rule"]);
        Assert.Equal("E42", (string?)first.Body["alert"]!["error_code"]);

        var second = await Await.Next(receiver.Requests.Reader, "the retry after the 500");
        Assert.Equal(200, second.Status);
        Assert.Equal((string?)first.Body["alert"]!["alert_id"], (string?)second.Body["alert"]!["alert_id"]);
    }

    [Fact]
    public async Task A_webhook_that_never_answers_does_not_hold_up_alerting()
    {
        var feed = new AlertFeed();
        using var stuck = feed.Subscribe(capacity: 10);
        var alert = new Alert { AlertId = "a", Rule = AlertRule.Error, Severity = AlertSeverity.Error, ServiceName = "S", Title = "t", FirstSeen = Some.Time, LastSeen = Some.Time };

        for (var i = 0; i < 1000; i++) feed.Publish([new AlertNotification(AlertChange.Updated, alert with { Count = i })]);

        Assert.Equal(990, stuck.Dropped);
        Assert.True(stuck.Reader.TryRead(out var oldestKept));
        Assert.Equal(990, oldestKept.Alert.Count);
    }

    public void Dispose() => _directory.Dispose();
}
