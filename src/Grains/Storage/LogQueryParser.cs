using System.Globalization;
using System.Text.RegularExpressions;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Storage;

/// <summary>Reads search parameters into a <see cref="LogQuery"/>: q, level, service, node, from, to, limit, cursor,
/// interval, and field filters such as error_code=E42 or response_time_ms&gt;500. The one parser of the HTTP API's
/// query string and the dashboard's search form.</summary>
public static partial class LogQueryParser
{
    public const int DefaultLimit = 100;

    /// <summary>The longest duration a relative time or an interval may name (100 years): beyond it is a typo, not a query.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(36_525);

    public static (LogQuery Query, string? Interval) Parse(string queryString, DateTimeOffset now)
    {
        string? text = null, cursor = null, interval = null;
        DateTimeOffset? from = null, to = null;
        var limit = DefaultLimit;
        List<string> levelNames = [];
        List<string> services = [], nodes = [];
        List<PropertyFilter> properties = [];

        foreach (var piece in queryString.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var decoded = Uri.UnescapeDataString(piece.Replace('+', ' '));
            var match = Filter().Match(decoded);
            if (!match.Success) throw new QuerySyntaxException(decoded, $"'{decoded}' is not a parameter: expected name=value or a field filter such as response_time_ms>500.");
            var (name, op, value) = (match.Groups["name"].Value, match.Groups["op"].Value, match.Groups["value"].Value);
            if (value.Any(char.IsControl))
            {
                throw new QuerySyntaxException(name, $"{name} must not contain control characters (such as NUL).");
            }
            if (op != "=" || !IsReserved(name))
            {
                properties.Add(new PropertyFilter(name, Operator(op), value));
                continue;
            }
            switch (name)
            {
                case "q": text = string.IsNullOrWhiteSpace(value) ? text : value; break;
                case "level": levelNames.AddRange(List(value)); break;
                case "service": services.AddRange(List(value)); break;
                case "node": nodes.AddRange(List(value)); break;
                case "from": from = Time("from", value, now); break;
                case "to": to = Time("to", value, now); break;
                case "cursor": cursor = value.Length == 0 ? null : value; break;
                case "interval": interval = value; break;
                case "limit":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000)
                    {
                        throw new QuerySyntaxException("limit", $"limit must be a whole number from 1 to 1000, not '{value}'.");
                    }
                    break;
            }
        }
        if (from is not null && to is not null && from >= to) throw new QuerySyntaxException("from", "from must be before to.");

        var query = new LogQuery
        {
            Text = text,
            Levels = Levels(levelNames),
            Services = services.Count == 0 ? null : services,
            Nodes = nodes.Count == 0 ? null : nodes,
            From = from,
            To = to,
            Properties = properties,
            Limit = limit,
            Cursor = cursor,
        };
        return (query, interval);
    }

    /// <summary>The query string that <see cref="Parse"/> reads back into an equal query: how a standalone dashboard
    /// asks a silo's API. Levels are listed one by one, times are absolute.</summary>
    public static string Format(LogQuery query, string? interval = null)
    {
        List<string> parts = [];
        void Add(string name, string op, string value) => parts.Add($"{Uri.EscapeDataString(name)}{op}{Uri.EscapeDataString(value)}");
        if (!string.IsNullOrWhiteSpace(query.Text)) Add("q", "=", query.Text);
        if (query.Levels is { Count: > 0 } levels)
        {
            // One name reads back as a minimum; an exact single level is sent twice (the parser's set drops the repeat).
            var min = levels.Min();
            var names = levels.SetEquals(Severities.All.Where(l => l >= min)) ? [min.Name()]
                : levels.Count == 1 ? [min.Name(), min.Name()]
                : levels.Order().Select(l => l.Name()).ToList();
            Add("level", "=", string.Join(',', names));
        }
        foreach (var service in query.Services ?? []) Add("service", "=", service);
        foreach (var node in query.Nodes ?? []) Add("node", "=", node);
        if (query.From is { } from) Add("from", "=", from.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        if (query.To is { } to) Add("to", "=", to.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        foreach (var filter in query.Properties) Add(filter.Name, Symbol(filter.Operator), filter.Value);
        if (query.Limit != DefaultLimit) Add("limit", "=", query.Limit.ToString(CultureInfo.InvariantCulture));
        if (query.Cursor is { } cursor) Add("cursor", "=", cursor);
        if (interval is not null) Add("interval", "=", interval);
        return string.Join('&', parts);
    }

    /// <summary>An interval as the parser reads it: whole days, hours, minutes, seconds or milliseconds.</summary>
    public static string FormatInterval(TimeSpan interval) => interval switch
    {
        _ when interval.Ticks % TimeSpan.TicksPerDay == 0 => $"{interval.Ticks / TimeSpan.TicksPerDay}d",
        _ when interval.Ticks % TimeSpan.TicksPerHour == 0 => $"{interval.Ticks / TimeSpan.TicksPerHour}h",
        _ when interval.Ticks % TimeSpan.TicksPerMinute == 0 => $"{interval.Ticks / TimeSpan.TicksPerMinute}m",
        _ when interval.Ticks % TimeSpan.TicksPerSecond == 0 => $"{interval.Ticks / TimeSpan.TicksPerSecond}s",
        _ => string.Create(CultureInfo.InvariantCulture, $"{interval.TotalMilliseconds}ms"),
    };

    /// <summary>An interval such as 30s, 5m, 1h, 1d; "auto" or none picks about 60 buckets over from..to (default 1 minute).</summary>
    public static TimeSpan Interval(string? text, LogQuery query)
    {
        if (string.IsNullOrEmpty(text) || text == "auto")
        {
            if (query.From is null || query.To is null) return TimeSpan.FromMinutes(1);
            var target = (query.To.Value - query.From.Value) / 60;
            TimeSpan[] steps = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30),
                TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
                TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(7)];
            return steps.FirstOrDefault(s => s >= target, steps[^1]);
        }
        return Duration(text, "interval") is { } interval && interval > TimeSpan.Zero
            ? interval
            : throw new QuerySyntaxException("interval", $"interval must be a duration such as 30s, 5m, 1h or 1d, not '{text}'.");
    }

    private static bool IsReserved(string name) => name is "q" or "level" or "service" or "node" or "from" or "to" or "limit" or "cursor" or "interval";

    private static IEnumerable<string> List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static HashSet<Severity>? Levels(List<string> names)
    {
        if (names.Count == 0) return null;
        var parsed = names.Select(n => Severities.TryParse(n, out var level)
            ? level
            : throw new QuerySyntaxException("level", $"Unknown level '{n}': expected DEBUG, INFO, WARN, ERROR or FATAL.")).ToList();
        // One level alone is a minimum (level=WARN: WARN and above); several name exact levels.
        return parsed.Count == 1 ? [.. Severities.All.Where(l => l >= parsed[0])] : [.. parsed];
    }

    private static DateTimeOffset Time(string parameter, string value, DateTimeOffset now)
    {
        if (value == "now") return now;
        if (value.StartsWith('-') && Duration(value[1..], parameter) is { } ago) return now - ago;
        if (Timestamps.TryParse(value, out var time)) return time;
        throw new QuerySyntaxException(parameter, $"{parameter} must be an ISO-8601 time with an offset (2026-11-21T12:00:00Z), 'now', or relative such as -15m or -1h; not '{value}'.");
    }

    private static TimeSpan? Duration(string text, string parameter)
    {
        var match = DurationPattern().Match(text);
        if (!match.Success) return null;
        var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(1),
            "s" => TimeSpan.FromSeconds(1),
            "m" => TimeSpan.FromMinutes(1),
            "h" => TimeSpan.FromHours(1),
            _ => TimeSpan.FromDays(1),
        };
        // Checked in doubles first: TimeSpan would overflow on -99999999d before any limit could be applied.
        if (amount * unit.Ticks > MaxDuration.Ticks)
        {
            throw new QuerySyntaxException(parameter, $"{parameter} '{text}' is longer than {MaxDuration.TotalDays / 365.25:0} years.");
        }
        return TimeSpan.FromTicks((long)(amount * unit.Ticks));
    }

    private static FilterOperator Operator(string op) => op switch
    {
        "=" => FilterOperator.Equal,
        "!=" => FilterOperator.NotEqual,
        ">" => FilterOperator.GreaterThan,
        ">=" => FilterOperator.GreaterThanOrEqual,
        "<" => FilterOperator.LessThan,
        _ => FilterOperator.LessThanOrEqual,
    };

    private static string Symbol(FilterOperator op) => op switch
    {
        FilterOperator.Equal => "=",
        FilterOperator.NotEqual => "!=",
        FilterOperator.GreaterThan => ">",
        FilterOperator.GreaterThanOrEqual => ">=",
        FilterOperator.LessThan => "<",
        _ => "<=",
    };

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_.\-]{1,128})(?<op>!=|>=|<=|=|>|<)(?<value>.*)$", RegexOptions.Singleline)]
    private static partial Regex Filter();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h|d)$")]
    private static partial Regex DurationPattern();
}
