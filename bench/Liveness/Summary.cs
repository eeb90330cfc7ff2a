using System.Globalization;

namespace Sawmill.Liveness;

/// <summary>The table of all fleet sizes, the ratios against each run's own baseline, and the goals.</summary>
internal static class Summary
{
    private const double MiB = 1024 * 1024;

    public static void Print(IReadOnlyList<FleetResult> results, TimeSpan timeout, TextWriter output)
    {
        if (results.Count == 0)
        {
            output.WriteLine("No fleet size completed.");
            return;
        }
        output.WriteLine("| nodes | beats/s | silo CPU % | RSS MiB | MiB/1k nodes above idle | peak RSS MiB | detection p50 / p99 (ms) | detected/S | false failures | rounds late |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            output.WriteLine(Invariant($"| {r.Nodes:N0} | {r.BeatsPerSecond:N0} | {r.SiloCpuPercent:N1} | {r.RssBytes / MiB:N0} (idle {r.IdleRssBytes / MiB:N0}) | {r.MiBPerThousandNodes:N2} | {r.PeakRssBytes / MiB:N0} | {Number(r.Percentile(0.5))} / {Number(r.Percentile(0.99))} | {r.Detected}/{r.Stopping} | {r.FalseFailures.Count} | {r.RoundsLate}/{r.Rounds} |"));
        }
        output.WriteLine();
        output.WriteLine("Ratios against the same run's baselines:");
        foreach (var r in results)
        {
            output.WriteLine(Invariant($"  {r.Nodes,7:N0} nodes: RSS above idle {(r.RssBytes - r.IdleRssBytes) / (double)r.Nodes:N0} bytes/node; detection p99 / timeout = {r.Ratio()} (goal <= {(timeout + FleetRun.DetectionAllowance) / timeout:N3}); beats acknowledged / scheduled = {r.BeatsPerSecond / r.ExpectedBeatsPerSecond:N2}"));
        }
        output.WriteLine();
        output.WriteLine(Invariant($"Goal: {FleetRun.MemoryGoalNodes:N0} nodes under {FleetRun.MemoryGoalBytes / MiB:N0} MiB RSS: {MemoryVerdict(results)}"));
        output.WriteLine(Invariant($"Goal: detection within timeout + {FleetRun.DetectionAllowance.TotalMilliseconds:N0} ms (p99 <= {(timeout + FleetRun.DetectionAllowance).TotalMilliseconds:N0} ms, every stopped node detected, no false failure):"));
        foreach (var r in results)
        {
            var met = r.DetectionGoalMet && r.FalseFailures.Count == 0;
            output.WriteLine(Invariant($"  {r.Nodes,7:N0} nodes: {(met ? "MET" : "NOT MET")} (p99 {FleetResult.Ms(r.Percentile(0.99))}, {r.Detected}/{r.Stopping} detected, {r.FalseFailures.Count} false failures)"));
        }
    }

    private static string MemoryVerdict(IReadOnlyList<FleetResult> results)
    {
        if (results.FirstOrDefault(r => r.Nodes == FleetRun.MemoryGoalNodes) is { } measured)
        {
            var worst = Math.Max(measured.RssBytes, measured.PeakRssBytes);
            return Invariant($"{(worst < FleetRun.MemoryGoalBytes ? "MET" : "NOT MET")} (mean RSS {measured.RssBytes / MiB:N0} MiB, peak {measured.PeakRssBytes / MiB:N0} MiB)");
        }
        // Not run at that size: extrapolate linearly from the largest fleet measured, and say so.
        var largest = results.MaxBy(r => r.Nodes)!;
        var projected = largest.IdleRssBytes + (largest.RssBytes - largest.IdleRssBytes) / (double)largest.Nodes * FleetRun.MemoryGoalNodes;
        return Invariant($"not measured; {projected / MiB:N0} MiB projected linearly from {largest.Nodes:N0} nodes");
    }

    private static string Number(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
