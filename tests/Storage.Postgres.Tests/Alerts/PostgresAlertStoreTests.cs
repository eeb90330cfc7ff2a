using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Storage.Postgres.Alerts;
using Sawmill.Storage.Postgres.Logs;
using Sawmill.Storage.Postgres.Tests.Support;

namespace Sawmill.Storage.Postgres.Tests.Alerts;

/// <summary>The alert store on a real PostgreSQL, and the registration of both stores.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAlertStoreTests(PostgresServer server)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

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

    private async Task<PostgresAlertStore> OpenAsync() =>
        new(Options.Create(new PostgresStoreOptions { ConnectionString = await server.CreateDatabaseAsync() }));

    [Fact]
    public async Task Alerts_are_upserted_and_read_back_whole()
    {
        await using var store = await OpenAsync();
        var alert = Alert("a", 1) with { Count = 3, LastLogId = "log-9", Nodes = ["n1", "n2"], PerMinute = [0, 2, 1] };

        await store.UpsertAsync([alert]);
        await store.UpsertAsync([alert with { Status = AlertStatus.Acknowledged, AcknowledgedAt = T0.AddMinutes(2), AcknowledgedBy = "ops" }]);

        var stored = await store.GetAsync("a");
        // Equivalent, not Equal: the record's nodes and per-minute arrays compare by reference.
        Assert.Equivalent(alert with { Status = AlertStatus.Acknowledged, AcknowledgedAt = T0.AddMinutes(2), AcknowledgedBy = "ops" }, stored, strict: true);
        Assert.Null(await store.GetAsync("missing"));
    }

    [Fact]
    public async Task Active_alerts_leave_out_the_resolved_and_lists_are_newest_first_by_status()
    {
        await using var store = await OpenAsync();
        await store.UpsertAsync([Alert("old", 1), Alert("resolved", 2, AlertStatus.Resolved), Alert("acked", 3, AlertStatus.Acknowledged), Alert("new", 4)]);

        Assert.Equal(["old", "acked", "new"], (await store.LoadActiveAsync()).Select(a => a.AlertId));
        Assert.Equal(["new", "acked", "resolved"], (await store.ListAsync(null, 3)).Select(a => a.AlertId));
        Assert.Equal(["new", "old"], (await store.ListAsync(AlertStatus.Open, 10)).Select(a => a.AlertId));
    }

    [Fact]
    public async Task The_registration_gives_one_log_store_for_both_interfaces_and_the_alert_store()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{PostgresStoreOptions.SectionName}:ConnectionString"] = await server.CreateDatabaseAsync(),
            [$"{PostgresStoreOptions.SectionName}:PartitionSpan"] = "00:05:00",
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddPostgresStores().BuildServiceProvider();

        var store = services.GetRequiredService<ILogStore>();

        Assert.Same(store, services.GetRequiredService<ILogReader>());
        Assert.IsType<PostgresAlertStore>(services.GetRequiredService<IAlertStore>());
        Assert.Equal(TimeSpan.FromMinutes(5), services.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.PartitionSpan);
        Assert.Equal(0, (await store.GetStatsAsync()).Partitions);
    }
}
