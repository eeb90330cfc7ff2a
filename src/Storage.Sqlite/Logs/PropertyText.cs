using System.Text.Json;
using System.Text;
using Sawmill.Grains.Interfaces;
namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>Collects the string values of an entry's structured fields, for the full-text index.</summary>
internal static class PropertyText
{
    // Nesting deeper than this is left out of the index rather than risking a deep recursion on hostile input.
    private const int MaxDepth = 32;

    /// <summary>The property the client library (like Serilog's and CLEF's @mt) sends the message template in.</summary>
    public const string MessageTemplate = "message_template";

    /// <summary>Appends error_code, error_message and every string value of the extra properties, space separated.</summary>
    public static void Append(StringBuilder text, SawmillMessage message)
    {
        if (message is LogEntry { ErrorDetails: { } error })
        {
            AppendString(text, error.ErrorCode);
            AppendString(text, error.ErrorMessage);
            AppendProperties(text, error.Properties);
        }
        AppendProperties(text, message.Properties);
    }

    private static void AppendProperties(StringBuilder text, Dictionary<string, JsonElement>? properties)
    {
        if (properties is null)
            return;
        foreach (var (name, value) in properties)
        {
            // The template's words are the message's (it is the message before its values went in): indexing them
            // again would only grow the index.
            if (name != MessageTemplate) AppendElement(text, value, 0);
        }
    }

    private static void AppendElement(StringBuilder text, JsonElement element, int depth)
    {
        if (depth > MaxDepth)
            return;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                AppendString(text, element.GetString());
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    AppendElement(text, property.Value, depth + 1);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    AppendElement(text, item, depth + 1);
                break;
        }
    }

    private static void AppendString(StringBuilder text, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return;
        if (text.Length > 0)
            text.Append(' ');
        text.Append(value);
    }
}
