using System.Runtime.InteropServices;
using System.Text.Json;

namespace Sawmill.Silo.Ingestion;

/// <summary>Finds a JSON escape of a lone UTF-16 surrogate (<c>"\ud800"</c> without its pair) anywhere in an item: a
/// string that is not text, which no store, index or consumer can take. Valid pairs (emoji) pass.</summary>
internal static class LoneSurrogates
{
    /// <summary>The JSON path of the first string or property name holding one; null when the item has none.</summary>
    public static string? Find(JsonElement item)
        => MayHold(JsonMarshal.GetRawUtf8Value(item)) ? Walk(item, "") : null;

    // The fast path for every item: a surrogate escape is "\u" then d8..df; most items have no "\u" at all.
    private static bool MayHold(ReadOnlySpan<byte> raw)
    {
        for (var i = raw.IndexOf("\\u"u8); i >= 0 && i + 3 < raw.Length; )
        {
            if ((raw[i + 2] | 0x20) == 'd' && (raw[i + 3] | 0x20) is (byte)'8' or (byte)'9' or >= (byte)'a' and <= (byte)'f') return true;
            var next = raw[(i + 2)..].IndexOf("\\u"u8);
            i = next < 0 ? -1 : i + 2 + next;
        }
        return false;
    }

    private static string? Walk(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(() => element.GetString()) ? null : Root(path);
            case JsonValueKind.Array:
                var index = 0;
                foreach (var value in element.EnumerateArray())
                {
                    if (Walk(value, $"{path}[{index++}]") is { } found) return found;
                }
                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name = "";
                    if (!IsText(() => name = property.Name)) return path.Length == 0 ? "(a property name)" : $"{path}.(a property name)";
                    if (Walk(property.Value, path.Length == 0 ? name : $"{path}.{name}") is { } found) return found;
                }
                return null;
            default:
                return null;
        }
    }

    private static string Root(string path) => path.Length == 0 ? "(item)" : path;

    private static bool IsText(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
