using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Sawmill.Cli.Commands;

/// <summary>Table cells from JSON values, always as text (log content is never read as markup).</summary>
internal static class Cells
{
    public static string Of(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    public static Text Text(JsonNode? node) => new(Of(node));

    /// <summary>A timestamp as <c>yyyy-MM-dd HH:mm:ss.fff</c> UTC; other values as they are.</summary>
    public static Text Time(JsonNode? node) => new(DateTimeOffset.TryParse(Of(node), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
        ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)
        : Of(node));

    /// <summary>A table of <paramref name="rows"/>, one column per field name.</summary>
    public static Table Table(IEnumerable<JsonNode?> rows, params string[] fields)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns(fields);
        foreach (var row in rows) table.AddRow([.. fields.Select(f => Text(row?[f]))]);
        return table;
    }
}
