using System.Globalization;

namespace Sawmill.Dashboard.Components;

/// <summary>The search page's form, written as the parameters of GET /api/v1/logs so one parser
/// (<see cref="Sawmill.Grains.Storage.LogQueryParser"/>) reads both.</summary>
public sealed class SearchForm
{
    public const string Custom = "custom";

    /// <summary>The time range presets, as relative <c>from</c> values.</summary>
    public static readonly IReadOnlyList<string> Presets = ["15m", "1h", "24h", "7d"];

    /// <summary>Full text, in the syntax of the API's q.</summary>
    public string Text { get; set; } = "";

    /// <summary>A minimum level name, or empty for all.</summary>
    public string MinLevel { get; set; } = "";

    public string Service { get; set; } = "";

    public string Node { get; set; } = "";

    /// <summary>Field filters separated by spaces: <c>error_code=E42 response_time_ms&gt;500</c>.</summary>
    public string Fields { get; set; } = "";

    /// <summary>One of <see cref="Presets"/>, or <see cref="Custom"/>.</summary>
    public string Range { get; set; } = "1h";

    /// <summary>Custom range bounds, read as UTC.</summary>
    public DateTime? From { get; set; }

    public DateTime? To { get; set; }

    public string ToParameters(int limit, string? cursor)
    {
        List<string> parts = [];
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) parts.Add($"{name}={Uri.EscapeDataString(value.Trim())}");
        }

        Add("q", Text);
        Add("level", MinLevel);
        Add("service", Service);
        Add("node", Node);
        if (Range == Custom)
        {
            Add("from", Utc(From));
            Add("to", Utc(To) ?? "now");
        }
        else
        {
            Add("from", "-" + Range);
            Add("to", "now");
        }
        // A whole filter is one parameter (name, operator and value), escaped as one piece.
        parts.AddRange(Fields.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
        Add("limit", limit.ToString(CultureInfo.InvariantCulture));
        Add("cursor", cursor);
        return string.Join('&', parts);
    }

    private static string? Utc(DateTime? time)
        => time?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
