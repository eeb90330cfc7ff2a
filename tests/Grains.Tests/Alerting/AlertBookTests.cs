using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Tests.Support;

namespace Sawmill.Grains.Tests.Alerting;

public sealed class AlertBookTests
{
    private static readonly DateTimeOffset T0 = Some.Time;
    private int _ids;

    private AlertBook Book(Action<AlertingOptions>? configure = null)
    {
        var options = new AlertingOptions { ErrorRateThreshold = 0 };
        configure?.Invoke(options);
        return new AlertBook(options, () => $"alert-{++_ids}");
    }

    private static LogEntry Error(Severity level = Severity.Error, string node = "n1", string service = "Pay", string? code = "E42")
        => Some.LogEntry(node: node, level: level, service: service, message: "card declined") with
        {
            ErrorDetails = code is null ? null : new ErrorDetails { ErrorCode = code, ErrorMessage = "insufficient funds" },
        };

    [Fact]
    public void Fatal_always_alerts_and_error_follows_the_minimum_level()
    {
        var book = Book(o => o.MinimumLevel = Severity.Fatal);

        Assert.Empty(book.OnLog(Error(Severity.Error), T0));
        var fatal = Assert.Single(book.OnLog(Error(Severity.Fatal), T0));
        Assert.Equal((AlertChange.Opened, AlertRule.Fatal, AlertSeverity.Critical), (fatal.Change, fatal.Alert.Rule, fatal.Alert.Severity));

        var defaults = Book();
        Assert.Empty(defaults.OnLog(Error(Severity.Warn), T0));
        Assert.Equal(AlertRule.Error, Assert.Single(defaults.OnLog(Error(), T0)).Alert.Rule);
    }

    [Fact]
    public void Repeats_within_the_window_count_on_the_open_alert()
    {
        var book = Book(o => o.DedupWindow = TimeSpan.FromMinutes(5));
        var first = Assert.Single(book.OnLog(Error(), T0)).Alert;

        var repeat = Assert.Single(book.OnLog(Error(), T0 + TimeSpan.FromMinutes(4)));
        Assert.Equal(AlertChange.Updated, repeat.Change);
        Assert.Equal(first.AlertId, repeat.Alert.AlertId);
        Assert.Equal(2, repeat.Alert.Count);
        Assert.Equal(T0 + TimeSpan.FromMinutes(4), repeat.Alert.LastSeen);
        Assert.Equal(T0, repeat.Alert.FirstSeen);

        Assert.Equal(AlertChange.Opened, Assert.Single(book.OnLog(Error(code: "E43"), T0 + TimeSpan.FromMinutes(4))).Change);
        Assert.Equal(AlertChange.Opened, Assert.Single(book.OnLog(Error(service: "Cart"), T0 + TimeSpan.FromMinutes(4))).Change);
        Assert.Equal(AlertChange.Opened, Assert.Single(book.OnLog(Error(), T0 + TimeSpan.FromMinutes(10))).Change);
    }

    [Fact]
    public void By_default_one_error_code_of_a_service_is_one_alert_across_its_nodes_with_its_rate_per_minute()
    {
        var book = Book();
        var first = Assert.Single(book.OnLog(Error(node: "n1"), T0)).Alert;
        Assert.Equal(("ERROR in Pay: E42: card declined", (string?)null), (first.Title, first.NodeId));
        Assert.Equal(["n1"], first.Nodes);

        Assert.Single(book.OnLog(Error(node: "n2"), T0.AddSeconds(10)));
        Assert.Single(book.OnLog(Error(node: "n1"), T0.AddSeconds(20)));
        var later = Assert.Single(book.OnLog(Error(node: "n3"), T0.AddMinutes(2))).Alert;

        Assert.Equal((first.AlertId, 4L), (later.AlertId, later.Count));
        Assert.Equal(["n1", "n2", "n3"], later.Nodes);
        Assert.Equal(Alert.RateMinutes, later.PerMinute.Length);
        // T0 is 12:00:00: three in that minute, none in the next, one at 12:02.
        Assert.Equal([3, 0, 1], later.PerMinute[^3..]);
        Assert.Equal(4, later.PerMinute.Sum());
        var sixMinutesLater = Assert.Single(book.OnLog(Error(node: "n1"), T0.AddMinutes(6))).Alert;
        Assert.Equal([1, 0, 0, 0, 1], sixMinutesLater.PerMinute[^5..]);
        Assert.Equal(5, sixMinutesLater.PerMinute.Sum());
    }

    [Fact]
    public void Grouping_by_node_gives_each_node_its_alert_and_without_a_code_each_service_one()
    {
        var byNode = Book(o => o.GroupBy = "service,node,error_code");
        Assert.Equal("ERROR on n1: E42: card declined", Assert.Single(byNode.OnLog(Error(node: "n1"), T0)).Alert.Title);
        Assert.Equal(AlertChange.Opened, Assert.Single(byNode.OnLog(Error(node: "n2"), T0)).Change);
        Assert.Equal(["n1", "n2"], byNode.Active.Select(a => a.NodeId!).Order());

        var byService = Book(o => o.GroupBy = "service");
        Assert.Single(byService.OnLog(Error(code: "E1"), T0));
        Assert.Equal(AlertChange.Updated, Assert.Single(byService.OnLog(Error(code: "E2"), T0)).Change);
        Assert.Equal(AlertChange.Opened, Assert.Single(byService.OnLog(Error(code: "E2", service: "Cart"), T0)).Change);
    }

    [Fact]
    public void More_errors_than_the_threshold_within_the_window_open_an_error_rate_alert()
    {
        var book = Book(o => { o.MinimumLevel = Severity.Fatal; o.ErrorRateThreshold = 3; o.ErrorRateWindow = TimeSpan.FromMinutes(1); });

        // Three errors spread over more than a minute never exceed the threshold.
        for (var i = 0; i < 6; i++) Assert.Empty(book.OnLog(Error(node: $"n{i}"), T0 + TimeSpan.FromSeconds(25 * i)));

        var later = T0 + TimeSpan.FromMinutes(10);
        for (var i = 0; i < 3; i++) Assert.Empty(book.OnLog(Error(node: $"n{i}"), later + TimeSpan.FromSeconds(i)));
        var rate = Assert.Single(book.OnLog(Error(node: "n9"), later + TimeSpan.FromSeconds(3)));
        Assert.Equal((AlertChange.Opened, AlertRule.ErrorRate, "Pay", (string?)null), (rate.Change, rate.Alert.Rule, rate.Alert.ServiceName, rate.Alert.NodeId));
        Assert.Equal(AlertChange.Updated, Assert.Single(book.OnLog(Error(node: "n8"), later + TimeSpan.FromSeconds(4))).Change);
    }

    [Fact]
    public void Node_failure_opens_a_critical_alert_that_the_recovery_resolves()
    {
        var book = Book();
        var failure = new NodeFailure { NodeId = "n1", ServiceName = "Pay", DetectedAt = T0, Reason = "no heartbeat for 6 s" };

        var opened = Assert.Single(book.OnNodeFailure(failure, T0)).Alert;
        Assert.Equal((AlertRule.NodeFailure, AlertSeverity.Critical, "n1"), (opened.Rule, opened.Severity, opened.NodeId));

        var resolved = Assert.Single(book.OnNodeRecovered(new NodeRecovered { NodeId = "n1", ServiceName = "Pay", RecoveredAt = T0.AddMinutes(1) }, T0.AddMinutes(1)));
        Assert.Equal((AlertChange.Resolved, AlertStatus.Resolved, "node recovered"), (resolved.Change, resolved.Alert.Status, resolved.Alert.ResolvedBy));
        Assert.Empty(book.Active);

        Assert.Equal(AlertChange.Opened, Assert.Single(book.OnNodeFailure(failure, T0.AddMinutes(2))).Change);
    }

    [Fact]
    public void Alert_goes_open_then_acknowledged_then_resolved()
    {
        var book = Book();
        var id = Assert.Single(book.OnLog(Error(), T0)).Alert.AlertId;

        var acknowledged = book.Acknowledge(id, "alice", T0.AddMinutes(1))!;
        Assert.Equal((AlertStatus.Acknowledged, "alice", T0.AddMinutes(1)), (acknowledged.Alert.Status, acknowledged.Alert.AcknowledgedBy, acknowledged.Alert.AcknowledgedAt));
        Assert.Null(book.Acknowledge(id, "bob", T0.AddMinutes(2)));
        Assert.Equal(2, Assert.Single(book.OnLog(Error(), T0.AddMinutes(2))).Alert.Count);

        var resolved = book.Resolve(id, "alice", T0.AddMinutes(3))!;
        Assert.Equal(AlertStatus.Resolved, resolved.Alert.Status);
        Assert.Null(book.Resolve(id, "alice", T0.AddMinutes(4)));
        Assert.Null(book.Acknowledge("unknown", null, T0));
    }

    [Fact]
    public void Loaded_alerts_keep_deduplicating_after_a_restart()
    {
        var before = Book();
        var open = Assert.Single(before.OnLog(Error(), T0)).Alert;

        var after = Book();
        after.Load([open]);
        var repeat = Assert.Single(after.OnLog(Error(), T0.AddMinutes(1)));
        Assert.Equal((AlertChange.Updated, open.AlertId, 2L), (repeat.Change, repeat.Alert.AlertId, repeat.Alert.Count));
    }
}
