using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard.Components;

/// <summary>How the pages write times, ages, rates and enum values (their wire names, as the API writes them).</summary>
public static class Format
{
    private static readonly ConcurrentDictionary<Enum, string> WireNames = new();
    private static readonly JsonSerializerOptions Indented = CreateIndented();

    /// <summary>UTC time of day with milliseconds, for log rows.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>UTC date and time, for summaries.</summary>
    public static string DateTime(DateTimeOffset? time)
        => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>Month, day and UTC time, for dense tables.</summary>
    public static string Short(DateTimeOffset time) => time.UtcDateTime.ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A bucket size as people say it: 30 s, 5 min, 1 h, 1 d.</summary>
    public static string Interval(TimeSpan interval)
        => interval.TotalDays >= 1 && interval.TotalDays % 1 == 0 ? $"{interval.TotalDays} d"
            : interval.TotalHours >= 1 && interval.TotalHours % 1 == 0 ? $"{interval.TotalHours} h"
            : interval.TotalMinutes >= 1 && interval.TotalMinutes % 1 == 0 ? $"{interval.TotalMinutes} min"
            : $"{interval.TotalSeconds} s";

    /// <summary>"4 s ago", "3 min ago", "2 h ago", "5 d ago".</summary>
    public static string Ago(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is null) return "never";
        var age = now - time.Value;
        if (age < TimeSpan.Zero) age = TimeSpan.Zero;
        return age.TotalSeconds < 120 ? $"{(int)age.TotalSeconds} s ago"
            : age.TotalMinutes < 120 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours} h ago"
            : $"{(int)age.TotalDays} d ago";
    }

    /// <summary>A size on disk: "840 KiB", "1.8 GiB".</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1L << 10 => $"{bytes} B",
        < 1L << 20 => $"{Number(bytes / 1024.0)} KiB",
        < 1L << 30 => $"{Number(bytes / 1048576.0, 1)} MiB",
        _ => $"{Number(bytes / 1073741824.0, 1)} GiB",
    };

    public static string Number(double value, int decimals = 0) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);

    /// <summary>The name an enum value has on the wire (UP, ACKNOWLEDGED, NODE_FAILURE ...).</summary>
    public static string Wire<T>(T value) where T : struct, Enum
        => WireNames.GetOrAdd(value, v => JsonSerializer.Serialize(v, v.GetType()).Trim('"'));

    /// <summary>Indented JSON in the wire's conventions (snake_case), shown as text.</summary>
    public static string Json<T>(T value) => JsonSerializer.Serialize(value, Indented);

    private static JsonSerializerOptions CreateIndented()
    {
        var options = new JsonSerializerOptions { WriteIndented = true };
        SawmillJson.Configure(options);
        return options;
    }
}
