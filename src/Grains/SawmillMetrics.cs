using System.Diagnostics.Metrics;

namespace Sawmill.Grains;

/// <summary>Sawmill's own meter and instruments (System.Diagnostics.Metrics), for exporters and tests to observe.</summary>
public static class SawmillMetrics
{
    public const string MeterName = "Sawmill";

    /// <summary>A constant, so that a listener can match the instrument while this class is still creating it.</summary>
    public const string IndexWriteFailuresName = "sawmill.index.write_failures";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Entries the indexers wrote to the log store.</summary>
    public static readonly Counter<long> EntriesIndexed = Meter.CreateCounter<long>("sawmill.index.entries", "{entry}", "Entries written to the log store");

    /// <summary>Items an ingestion transport took (outcome accepted) or refused one by one (outcome rejected).</summary>
    public static readonly Counter<long> IngestItems = Meter.CreateCounter<long>("sawmill.ingest.items", "{item}", "Items received, by transport and outcome");

    /// <summary>Ingestion requests refused whole, by transport and reason (malformed, too_large, unavailable, rate_limited ...).</summary>
    public static readonly Counter<long> IngestRefused = Meter.CreateCounter<long>("sawmill.ingest.refused", "{request}", "Ingestion requests refused whole");

    /// <summary>How long the log store took to answer a query of the API, by kind (search, histogram, get, stats).</summary>
    public static readonly Histogram<double> QueryDuration = Meter.CreateHistogram<double>("sawmill.query.duration", "s", "Log store query time",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>Batches the log store refused (it was down or failing); Orleans delivers them again.</summary>
    public static readonly Counter<long> IndexWriteFailures = Meter.CreateCounter<long>(IndexWriteFailuresName, "{batch}", "Failed log store writes, retried");
}
