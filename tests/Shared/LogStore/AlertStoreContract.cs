using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;

namespace Sawmill.LogStore.Contract;

/// <summary>The alert store contract: every test of a derived class runs against the store it opens (a SQLite file
/// or a PostgreSQL database).</summary>
public abstract class AlertStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private IAlertStore? _store;

    /// <summary>A fresh, empty store.</summary>
    protected abstract Task<IAlertStore> OpenAsync();

    private IAlertStore Store => _store!;

    public async Task InitializeAsync() => _store = await OpenAsync();

    public virtual async Task DisposeAsync()
    {
        if (_store is IAsyncDisposable disposable) await disposable.DisposeAsync();
    }

    private static Alert Alert(string id, int minute, AlertStatus status = AlertStatus.Open) => new()
    {
        AlertId = id,
        Rule = AlertRule.Error,
        Severity = AlertSeverity.Error,
        Status = status,
        ServiceName = "PaymentService",
        NodeId = "n1",
        ErrorCode = "E42",
        Title = $"alert {id}",
        FirstSeen = T0,
        LastSeen = T0.AddMinutes(minute),
    };

    [Fact]
    public async Task Alerts_are_upserted_and_read_back_whole()
    {
        var alert = Alert("a", 1) with { Count = 3, LastLogId = "log-9", Nodes = ["n1", "n2"], PerMinute = [0, 2, 1] };

        await Store.UpsertAsync([alert]);
        await Store.UpsertAsync([alert with { Status = AlertStatus.Acknowledged, AcknowledgedAt = T0.AddMinutes(2), AcknowledgedBy = "ops" }]);

        var stored = await Store.GetAsync("a");
        // Equivalent, not Equal: the record's nodes and per-minute arrays compare by reference.
        Assert.Equivalent(alert with { Status = AlertStatus.Acknowledged, AcknowledgedAt = T0.AddMinutes(2), AcknowledgedBy = "ops" }, stored, strict: true);
        Assert.Null(await Store.GetAsync("missing"));
    }

    [Fact]
    public async Task Active_alerts_leave_out_the_resolved_and_lists_are_newest_first_by_status()
    {
        await Store.UpsertAsync([Alert("old", 1), Alert("resolved", 2, AlertStatus.Resolved), Alert("acked", 3, AlertStatus.Acknowledged), Alert("new", 4)]);

        Assert.Equal(["old", "acked", "new"], (await Store.LoadActiveAsync()).Select(a => a.AlertId));
        Assert.Equal(["new", "acked", "resolved"], (await Store.ListAsync(null, 3)).Select(a => a.AlertId));
        Assert.Equal(["new", "old"], (await Store.ListAsync(AlertStatus.Open, 10)).Select(a => a.AlertId));
    }

    [Fact]
    public async Task Counts_by_status_follow_each_upsert()
    {
        Assert.Equal(0, await Store.CountAsync(AlertStatus.Open));
        await Store.UpsertAsync([Alert("a", 1), Alert("b", 2), Alert("c", 3, AlertStatus.Resolved)]);
        Assert.Equal((2L, 0L, 1L), (await Store.CountAsync(AlertStatus.Open), await Store.CountAsync(AlertStatus.Acknowledged), await Store.CountAsync(AlertStatus.Resolved)));

        await Store.UpsertAsync([Alert("a", 4, AlertStatus.Acknowledged)]);
        Assert.Equal((1L, 1L), (await Store.CountAsync(AlertStatus.Open), await Store.CountAsync(AlertStatus.Acknowledged)));
    }
}
