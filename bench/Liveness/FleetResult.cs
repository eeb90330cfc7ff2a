using System.Globalization;

namespace Sawmill.Liveness;

/// <summary>The figures of one fleet size, and its block of output.</summary>
internal sealed class FleetResult
{
    private const double MiB = 1024 * 1024;

    public int Nodes { get; init; }

    public int Stopping { get; init; }

    public int BatchSize { get; init; }

    public TimeSpan Timeout { get; init; }

    public long IdleRssBytes { get; set; }

    public double IdleCpuPercent { get; set; }

    /// <summary>From the first registration batch to the 202 of the last; null when registration did not complete.</summary>
    public double? RegistrationSeconds { get; set; }

    public int RegisteredNodes { get; set; }

    public double BeatsPerSecond { get; set; }

    public double SiloCpuPercent { get; set; }

    public double ClientCpuPercent { get; set; }

    /// <summary>Mean VmRSS over the measured window.</summary>
    public long RssBytes { get; set; }

    public long WindowPeakRssBytes { get; set; }

    /// <summary>VmHWM at the end of the run.</summary>
    public long PeakRssBytes { get; set; }

    public int Rounds { get; set; }

    public int RoundsLate { get; set; }

    public int RoundsIncomplete { get; set; }

    public double SlowestRoundSeconds { get; set; }

    public int Retries { get; set; }

    public int TooManyRequests { get; set; }

    public int Unavailable { get; set; }

    public int Errors { get; set; }

    public int DroppedBatches { get; set; }

    public string? FirstProblem { get; set; }

    public int Polls { get; set; }

    public int FailedPolls { get; set; }

    public int Detected { get; set; }

    /// <summary>Sorted, in milliseconds.</summary>
    public List<double> LatenciesMs { get; set; } = [];

    public List<string> FalseFailures { get; set; } = [];

    /// <summary>A few stopped nodes never seen DOWN, as the silo describes them.</summary>
    public List<string> Undetected { get; } = [];

    public double ExpectedBeatsPerSecond => Nodes / HeartbeatLoad.Interval.TotalSeconds;

    /// <summary>RSS above the idle baseline, per 1,000 nodes.</summary>
    public double MiBPerThousandNodes => (RssBytes - IdleRssBytes) / MiB / Nodes * 1000;

    public double? Percentile(double q) => LatenciesMs.Count == 0 ? null : LatenciesMs[Math.Clamp((int)Math.Ceiling(q * LatenciesMs.Count) - 1, 0, LatenciesMs.Count - 1)];

    public bool DetectionGoalMet => Detected == Stopping && Percentile(0.99) is { } p99 && p99 <= (Timeout + FleetRun.DetectionAllowance).TotalMilliseconds;

    public void Print(TextWriter output)
    {
        output.WriteLine(Invariant($"== {Nodes:N0} nodes (batches of {BatchSize:N0}, {Math.Ceiling((double)Nodes / BatchSize):N0} a round, {FleetRun.Senders} senders; stopping sample {Stopping}) =="));
        output.WriteLine(Invariant($"idle silo        RSS {IdleRssBytes / MiB:N0} MiB, CPU {IdleCpuPercent:N1} % of a core"));
        output.WriteLine(Invariant($"registration     {(RegistrationSeconds is { } r ? $"{r:N2} s for {Nodes:N0} nodes ({Nodes / r:N0}/s) from {FleetRun.Registrars} registrars, registered nodes beating meanwhile" : $"INCOMPLETE: {RegisteredNodes:N0} of {Nodes:N0} nodes registered in the time allowed")}"));
        output.WriteLine(Invariant($"heartbeats       {BeatsPerSecond:N0}/s acknowledged of {ExpectedBeatsPerSecond:N0}/s scheduled ({BeatsPerSecond / ExpectedBeatsPerSecond:P0})"));
        output.WriteLine(Invariant($"silo CPU         {SiloCpuPercent:N1} % of a core ({SiloCpuPercent / Environment.ProcessorCount:N1} % of the machine); load generator {ClientCpuPercent:N1} % of a core"));
        output.WriteLine(Invariant($"silo RSS         {RssBytes / MiB:N0} MiB mean over the window, {(RssBytes - IdleRssBytes) / MiB:N0} MiB above idle = {MiBPerThousandNodes:N2} MiB per 1k nodes ({(RssBytes - IdleRssBytes) / (double)Nodes:N0} bytes/node); peak (VmHWM) {PeakRssBytes / MiB:N0} MiB"));
        output.WriteLine(Invariant($"rounds           {Rounds} heartbeat rounds, {RoundsLate} late (not all 202 within {HeartbeatLoad.Interval.TotalSeconds:N0} s; counted from the first round after registration), {RoundsIncomplete} with a dropped batch; slowest {SlowestRoundSeconds:N2} s"));
        output.WriteLine(Invariant($"retries          {Retries} (429: {TooManyRequests}, 503: {Unavailable}, errors/timeouts: {Errors}); dropped batches {DroppedBatches}{(FirstProblem is null ? "" : $"; first problem: {FirstProblem}")}"));
        output.WriteLine(Invariant($"detection        {Detected}/{Stopping} stopped nodes detected; latency from last 202 to DOWN: p50 {Ms(Percentile(0.5))}, p99 {Ms(Percentile(0.99))}, max {Ms(Percentile(1))} (timeout {Timeout.TotalMilliseconds:N0} ms; p99/timeout {Ratio()})"));
        output.WriteLine(Invariant($"false failures   {FalseFailures.Count}{(FalseFailures.Count == 0 ? "" : $" (e.g. {string.Join(", ", FalseFailures.Take(5))})")}; DOWN list polled {Polls} times, {FailedPolls} polls failed"));
        foreach (var node in Undetected) output.WriteLine($"  undetected      {node}");
        output.WriteLine();
    }

    public string Ratio() => Percentile(0.99) is { } p99 ? Invariant($"{p99 / Timeout.TotalMilliseconds:N3}") : "-";

    public static string Ms(double? value) => value is { } v ? Invariant($"{v:N0} ms") : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
