using System.Text.Json;
using System.Text;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Storage;

/// <summary>Collects the string values of an entry's structured fields, for the full-text index.</summary>
public static class PropertyText
{
    // Nesting deeper than this is left out of the index rather than risking a deep recursion on hostile input.
    private const int MaxDepth = 32;

    /// <summary>The property the client library (like Serilog's and CLEF's @mt) sends the message template in.</summary>
    public const string MessageTemplate = "message_template";

    /// <summary>What a registration says in the list and in full-text search.</summary>
    public static string RegistrationMessage(Registration registration) => $"Node {registration.NodeId} registered ({registration.ServiceName})";

    /// <summary>The message and every string value of the structured fields: what full-text search finds.</summary>
    public static string SearchText(StringBuilder text, SawmillMessage entry, string message)
    {
        text.Clear().Append(message);
        Append(text, entry, message);
        return text.ToString();
    }

    /// <summary>Appends error_code, error_message and every string value of the extra properties, space separated,
    /// leaving out the values the message already says (they would only grow the index: their words are found anyway).</summary>
    public static void Append(StringBuilder text, SawmillMessage entry, string message)
    {
        if (entry is LogEntry { ErrorDetails: { } error })
        {
            AppendString(text, error.ErrorCode, message);
            AppendString(text, error.ErrorMessage, message);
            AppendProperties(text, error.Properties, message);
        }
        AppendProperties(text, entry.Properties, message);
    }

    /// <summary>Whether <paramref name="value"/> occurs in <paramref name="message"/> on token boundaries, so that
    /// its tokens are among the message's. Any letter, digit, mark, surrogate or private-use character counts as part
    /// of a token (more than the tokenizer's own rule), so a doubtful case is indexed rather than lost.</summary>
    public static bool InMessage(string message, string value)
    {
        for (var at = message.IndexOf(value, StringComparison.Ordinal); at >= 0; at = message.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            var end = at + value.Length;
            if ((at == 0 || !IsTokenChar(message[at - 1]) || !IsTokenChar(value[0]))
                && (end == message.Length || !IsTokenChar(message[end]) || !IsTokenChar(value[^1])))
                return true;
        }
        return false;
    }

    private static bool IsTokenChar(char c) => char.IsLetterOrDigit(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is
        System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark
        or System.Globalization.UnicodeCategory.EnclosingMark or System.Globalization.UnicodeCategory.PrivateUse;

    private static void AppendProperties(StringBuilder text, Dictionary<string, JsonElement>? properties, string message)
    {
        if (properties is null)
            return;
        foreach (var (name, value) in properties)
        {
            // The template's words are the message's (it is the message before its values went in): indexing them
            // again would only grow the index.
            if (name != MessageTemplate) AppendElement(text, value, 0, message);
        }
    }

    private static void AppendElement(StringBuilder text, JsonElement element, int depth, string message)
    {
        if (depth > MaxDepth)
            return;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                AppendString(text, element.GetString(), message);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    AppendElement(text, property.Value, depth + 1, message);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    AppendElement(text, item, depth + 1, message);
                break;
        }
    }

    private static void AppendString(StringBuilder text, string? value, string message)
    {
        if (string.IsNullOrEmpty(value) || InMessage(message, value))
            return;
        if (text.Length > 0)
            text.Append(' ');
        text.Append(value);
    }
}
