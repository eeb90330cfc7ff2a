using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Sawmill.Grains;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;
using Sawmill.Storage.Postgres.Tests.Support;
using Sawmill.Streams.Kafka.Development;

namespace Sawmill.Silo.Tests;

/// <summary>Scale-out indexing through an outage of its store: Kafka keeps what was acknowledged, the indexers hold their
/// partitions and retry, and nothing is lost or stored twice.</summary>
public sealed class PostgresOutageTests : IAsyncLifetime
{
    private readonly MockKafkaCluster _kafka = new();
    private readonly PostgresServer _postgres = new();

    public async Task InitializeAsync()
    {
        _kafka.CreateSawmillTopics();
        await _postgres.InitializeAsync();
    }

    [Fact]
    public async Task A_dead_PostgreSQL_holds_the_indexers_without_losing_or_duplicating_an_acknowledged_entry()
    {
        await using var silo = await TestSilo.StartAsync(new()
        {
            ["Kafka:BootstrapServers"] = _kafka.BootstrapServers,
            ["Storage:Postgres:ConnectionString"] = await _postgres.CreateDatabaseAsync(),
            ["Storage:Postgres:Retention"] = "3650.00:00:00",
            ["Silo:OrleansDashboard"] = "false",
        });
        // Orleans would otherwise give a failing batch up after a minute and skip it for that consumer.
        Assert.Equal(Timeout.InfiniteTimeSpan, silo.Services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(Topics.AllLogs).MaxEventDeliveryTime);
        using var failures = new WriteFailures();

        var before = Entries("before", 40);
        await PostAsync(silo, before);
        await Await.UntilAsync(async () => (await silo.Client.SearchIds("limit=500")).Count == before.Count, "the entries before the outage searchable");

        await _postgres.StopAsync();
        var during = Entries("during", 60);
        await PostAsync(silo, during);
        await Await.Completes(failures.AtLeast(3), "the indexers to fail their writes to the stopped PostgreSQL three times", TimeSpan.FromSeconds(60));
        await _postgres.StartAsync();

        var expected = before.Concat(during).Order(StringComparer.Ordinal).ToList();
        await Await.UntilAsync(async () => (await silo.Client.SearchIds("limit=500")).Count >= expected.Count,
            "every acknowledged entry searchable once PostgreSQL is back", TimeSpan.FromSeconds(30));
        Assert.Equal(expected, (await silo.Client.SearchIds("limit=500")).Order(StringComparer.Ordinal));
    }

    private static List<string> Entries(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{i:D3}")];

    // Several nodes, so the entries spread over several partitions and their indexers.
    private static async Task PostAsync(TestSilo silo, List<string> ids)
    {
        using var response = await silo.Client.PostEvents(Examples.Array([.. ids.Select((id, i) => Examples.Log(id, node: $"outage-{i % 8}"))]));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        _kafka.Dispose();
    }

    /// <summary>Counts <see cref="SawmillMetrics.IndexWriteFailures"/> as they are recorded.</summary>
    private sealed class WriteFailures : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(long Count, TaskCompletionSource Reached)> _waiters = [];
        private long _count;

        public WriteFailures()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SawmillMetrics.MeterName && instrument.Name == SawmillMetrics.IndexWriteFailuresName) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
            {
                lock (_waiters)
                {
                    _count += value;
                    foreach (var waiter in _waiters.Where(w => _count >= w.Count)) waiter.Reached.TrySetResult();
                }
            });
            _listener.Start();
        }

        public Task AtLeast(long count)
        {
            lock (_waiters)
            {
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_count >= count) reached.SetResult();
                else _waiters.Add((count, reached));
                return reached.Task;
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
