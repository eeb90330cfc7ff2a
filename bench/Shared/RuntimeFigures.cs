using System.Globalization;

namespace Sawmill.Bench;

/// <summary>The silo's .NET runtime counters (System.Runtime, from its /metrics): bytes allocated, GC collections and
/// pause time. Differences of two readings give a phase's allocation and GC cost per event, figures that vary far less
/// between runs on a shared machine than events/s does.</summary>
internal readonly record struct RuntimeFigures(double AllocatedBytes, double Collections, double Gen2Collections, double PauseSeconds)
{
    public static async Task<RuntimeFigures> ReadAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        double allocated = 0, collections = 0, gen2 = 0, pause = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || line.Length == 0) continue;
            var name = line[..line.IndexOfAny(['{', ' '])];
            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            switch (name)
            {
                case "dotnet_gc_heap_total_allocated_bytes_total": allocated += value; break;
                case "dotnet_gc_pause_time_seconds_total": pause += value; break;
                case "dotnet_gc_collections_total":
                    collections += value;
                    if (line.Contains("gc_heap_generation=\"gen2\"", StringComparison.Ordinal)) gen2 += value;
                    break;
            }
        }
        return new(allocated, collections, gen2, pause);
    }

    public static RuntimeFigures operator -(RuntimeFigures after, RuntimeFigures before) => new(
        after.AllocatedBytes - before.AllocatedBytes, after.Collections - before.Collections,
        after.Gen2Collections - before.Gen2Collections, after.PauseSeconds - before.PauseSeconds);

    /// <summary>One line: allocation per event, collections (gen2 among them) and the share of the wall time in GC pauses.</summary>
    public string Describe(int events, TimeSpan wall) => string.Create(CultureInfo.InvariantCulture,
        $"silo allocated {AllocatedBytes / events:N0} B/event, {Collections:N0} GCs ({Gen2Collections:N0} gen2), paused {PauseSeconds / wall.TotalSeconds:P1} of the time");
}
