using System.Globalization;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;

namespace Sawmill.Dashboard.Components;

/// <summary>A histogram as the level chart draws it: one label per bucket from..to (empty buckets as zeros), one series per level.</summary>
public sealed record HistogramSeries(IReadOnlyList<string> Labels, IReadOnlyList<LevelSeries> Levels)
{
    private const int MaxBuckets = 2000;

    public static HistogramSeries From(LogHistogram histogram, DateTimeOffset from, DateTimeOffset to)
    {
        var interval = histogram.Interval;
        var start = Floor(from, interval);
        var count = (int)Math.Clamp(Math.Ceiling((to - start) / interval), 1, MaxBuckets);
        var format = interval >= TimeSpan.FromDays(1) ? "MM-dd" : (to - from) > TimeSpan.FromDays(1) ? "MM-dd HH:mm" : "HH:mm";
        var labels = Enumerable.Range(0, count)
            .Select(i => (start + interval * i).UtcDateTime.ToString(format, CultureInfo.InvariantCulture)).ToList();
        var levels = Severities.All.Select(level => new LevelSeries(level.Name(), new long[count])).ToList();
        foreach (var bucket in histogram.Buckets)
        {
            var index = (int)Math.Floor((bucket.Start - start) / interval);
            if (index < 0 || index >= count) continue;
            foreach (var (level, n) in bucket.Counts) levels[(int)level].Counts[index] += n;
        }
        return new HistogramSeries(labels, levels);
    }

    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan interval)
        => new(time.UtcTicks - time.UtcTicks % interval.Ticks, TimeSpan.Zero);
}

/// <summary>The counts of one level, bucket by bucket.</summary>
public sealed record LevelSeries(string Level, long[] Counts);
