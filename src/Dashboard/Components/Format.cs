using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard.Components;

/// <summary>How the pages write times, ages, rates and enum values (their wire names, as the API writes them).</summary>
public static class Format
{
    private static readonly ConcurrentDictionary<Enum, string> WireNames = new();

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

    /// <summary>What a node's tile and page say: UP, DOWN, or UNWATCHED for a node known only from its logs.</summary>
    public static string State(NodeSummary node) => node.Watched ? Wire(node.Status) : "UNWATCHED";

    /// <summary>What an alert rule watches, in words (the severity has its own column).</summary>
    public static string Rule(AlertRule rule) => rule switch
    {
        AlertRule.Fatal => "FATAL entries",
        AlertRule.Error => "ERROR entries",
        AlertRule.NodeFailure => "node stopped heartbeating",
        AlertRule.ErrorRate => "error rate over threshold",
        _ => Wire(rule),
    };

    /// <summary>An alert's recent rate: occurrences per minute over the last five minutes up to its last occurrence.</summary>
    public static string Rate(Alert alert)
    {
        if (alert.PerMinute.Length == 0) return "-";
        var recent = alert.PerMinute.TakeLast(5).Sum() / 5.0;
        return recent >= 10 ? $"{Number(recent)}/min" : $"{Number(recent, 1)}/min";
    }

    /// <summary>The name an enum value has on the wire (UP, ACKNOWLEDGED, NODE_FAILURE ...).</summary>
    public static string Wire<T>(T value) where T : struct, Enum
        => WireNames.GetOrAdd(value, v => JsonSerializer.Serialize(v, v.GetType()).Trim('"'));

    /// <summary>Properties as indented JSON for people: strings keep their characters (Zürich, a=1&amp;b=2, emoji) where
    /// a serializer would write \u escapes; only what JSON requires is escaped (quotes, backslashes, control
    /// characters). The page writes it as text, so it stays inert.</summary>
    public static string Json(IReadOnlyDictionary<string, JsonElement> properties)
    {
        var text = new StringBuilder();
        WriteObject(text, properties.Select(p => (p.Key, p.Value)), 0);
        return text.ToString();
    }

    private static void WriteValue(StringBuilder text, JsonElement value, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(text, value.EnumerateObject().Select(p => (p.Name, p.Value)), depth);
                break;
            case JsonValueKind.Array:
                WriteList(text, '[', ']', value.EnumerateArray(), depth, (item, inner) => WriteValue(text, item, inner));
                break;
            case JsonValueKind.String:
                WriteString(text, value.GetString()!);
                break;
            default:
                text.Append(value.GetRawText());
                break;
        }
    }

    private static void WriteObject(StringBuilder text, IEnumerable<(string Name, JsonElement Value)> members, int depth)
        => WriteList(text, '{', '}', members, depth, (member, inner) =>
        {
            WriteString(text, member.Name);
            text.Append(": ");
            WriteValue(text, member.Value, inner);
        });

    /// <summary>An object's members or an array's items, one per line at the next depth; empty ones as {} or [].</summary>
    private static void WriteList<T>(StringBuilder text, char open, char close, IEnumerable<T> items, int depth, Action<T, int> write)
    {
        text.Append(open);
        var any = false;
        foreach (var item in items)
        {
            text.Append(any ? ",\n" : "\n").Append(' ', (depth + 1) * 2);
            write(item, depth + 1);
            any = true;
        }
        if (any) text.Append('\n').Append(' ', depth * 2);
        text.Append(close);
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var paired = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (paired) { text.Append(c).Append(value[++i]); continue; }
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ' or '\u007F':
                case >= '\uD800' and <= '\uDFFF':
                    text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }
}
