using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Sawmill.Grains;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Nodes;
using Sawmill.Grains.Storage;
using Sawmill.Grains.Streams;
using Sawmill.Silo.Ingestion;

namespace Sawmill.Silo.Metrics;

/// <summary>The silo's gauges on a meter of its own container (so that it goes with the silo): nodes by state, open
/// alerts, the store's size and partitions, all_logs' consumer lag per partition and the ingestion requests in flight.
/// What needs a query (store, alerts) is sampled every <c>Metrics:SamplePeriod</c> (5 s) off the scrape; the rest is read at
/// the scrape. Every series carries the <c>silo</c> label, so silos sharing a process (tests) or a Prometheus stay apart.</summary>
public sealed class SiloGauges : BackgroundService
{
    private readonly ILogReader _store;
    private readonly IAlertStore _alerts;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SiloGauges> _logger;
    private readonly KeyValuePair<string, object?> _silo;
    private LogStoreStats? _stats;
    private long? _openAlerts;
    private readonly TimeSpan _samplePeriod;

    public SiloGauges(IMeterFactory meters, NodeRegistry nodes, ILogReader store, IAlertStore alerts, IStreamBacklog backlog,
        IOptions<StreamPartitionOptions> partitions, IngestionLimiter limiter, IOptions<IngestionOptions> ingestion,
        Orleans.Runtime.ILocalSiloDetails silo, IConfiguration configuration, TimeProvider timeProvider, ILogger<SiloGauges> logger)
    {
        _samplePeriod = configuration.GetValue<TimeSpan?>("Metrics:SamplePeriod") is { } period && period > TimeSpan.Zero ? period : TimeSpan.FromSeconds(5);
        (_store, _alerts, _timeProvider, _logger) = (store, alerts, timeProvider, logger);
        _silo = new("silo", silo.SiloAddress.ToParsableString());
        var meter = meters.Create(SawmillMetrics.MeterName);
        meter.CreateObservableGauge("sawmill.nodes", () => NodeCounts(nodes), "{node}", "Nodes by state: up, down, unwatched (known only from logs)");
        meter.CreateObservableGauge("sawmill.alerts.open", () => Maybe(_openAlerts), "{alert}", "Open alerts");
        meter.CreateObservableGauge("sawmill.store.size", () => Maybe(_stats?.SizeBytes), "By", "Bytes the log store's partitions take");
        meter.CreateObservableGauge("sawmill.store.partitions", () => Maybe(_stats?.Partitions), "{partition}", "Time partitions of the log store");
        meter.CreateObservableGauge("sawmill.stream.lag", () => Lag(backlog, partitions.Value.Partitions), "s",
            "How long the oldest message of an all_logs partition has waited for its consumers (0: caught up)");
        meter.CreateObservableGauge("sawmill.ingest.in_flight", () => new Measurement<long>(ingestion.Value.MaxConcurrentRequests - limiter.AvailablePermits, _silo),
            "{request}", "Ingestion requests being read or published");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_samplePeriod, _timeProvider);
        do
        {
            try
            {
                _stats = await _store.GetStatsAsync(stoppingToken);
                _openAlerts = await _alerts.CountAsync(AlertStatus.Open, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The store is away: the gauges keep their last values, /healthz says why.
                _logger.LogWarning(ex, "Metrics could not sample the stores");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private IEnumerable<Measurement<long>> NodeCounts(NodeRegistry nodes)
    {
        long up = 0, down = 0, unwatched = 0;
        foreach (var node in nodes.All)
        {
            if (!node.Watched) unwatched++;
            else if (node.Status == NodeStatus.Down) down++;
            else up++;
        }
        return [new(up, _silo, new("status", "up")), new(down, _silo, new("status", "down")), new(unwatched, _silo, new("status", "unwatched"))];
    }

    private IEnumerable<Measurement<double>> Lag(IStreamBacklog backlog, int partitions)
    {
        var now = _timeProvider.GetUtcNow();
        for (var partition = 0; partition < partitions; partition++)
        {
            var since = backlog.PendingSince(Topics.AllLogs, partition);
            yield return new((since is { } s ? now - s : TimeSpan.Zero).TotalSeconds, _silo, new("partition", partition));
        }
    }

    private IEnumerable<Measurement<long>> Maybe(long? value) => value is { } v ? [new(v, _silo)] : [];
}
