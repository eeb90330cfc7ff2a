using System.Text;
using System.Text.Json;

namespace Sawmill.Silo.Protocols;

/// <summary>Renders a message template (<c>"User {UserId} paid {Amount:0.00}"</c>, as Serilog and Seq write them) with
/// the text of an event's property values (<see cref="Text"/> for JSON ones); a token with a format or alignment takes the
/// client's own rendering when it sent one (CLEF <c>@r</c>, in token order). A token without a value stays as written.</summary>
public static class MessageTemplate
{
    public static string Render(string template, Func<string, string?> property, JsonElement? renderings = null)
    {
        var text = new StringBuilder(template.Length + 32);
        var rendered = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{') { text.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}') { text.Append('}'); i++; continue; }
            var close = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (close < 0) { text.Append(c); continue; }

            var token = template.AsSpan(i + 1, close - i - 1);
            var name = token.TrimStart("@$");
            var end = name.IndexOfAny(':', ',');
            var formatted = end >= 0;
            if (formatted) name = name[..end];
            string? value = null;
            if (formatted && renderings is { ValueKind: JsonValueKind.Array } r && rendered < r.GetArrayLength()
                && r[rendered] is { ValueKind: JsonValueKind.String } given)
                value = given.GetString();
            value ??= property(name.ToString());
            if (formatted) rendered++;
            text.Append(value ?? template.AsSpan(i, close - i + 1));
            i = close;
        }
        return text.ToString();
    }

    /// <summary>A JSON value as a template shows it: a string as its text, anything else as its JSON.</summary>
    public static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
