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

    /// <summary>Batches the log store refused (it was down or failing); Orleans delivers them again.</summary>
    public static readonly Counter<long> IndexWriteFailures = Meter.CreateCounter<long>(IndexWriteFailuresName, "{batch}", "Failed log store writes, retried");
}
