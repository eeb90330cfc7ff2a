using System.Globalization;
using System.Text.Json;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Silo.Ingestion;

/// <summary>Reads typed fields of one JSON item, recording a precise error per bad field.</summary>
internal sealed class ItemReader(JsonElement item, int index, List<ItemError> errors)
{
    private readonly int _errorsBefore = errors.Count;

    public bool HasErrors => errors.Count > _errorsBefore;

    public SawmillMessage? Fail(string? field, string error)
    {
        errors.Add(new ItemError(index, field, error));
        return null;
    }

    public string? String(string field, bool required, int maxLength, bool allowLineBreaks = false)
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Fail(field, $"{field} is required.");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(field, $"{field} must be a string, not {MessageValidator.Describe(value.ValueKind)}.");
            return null;
        }
        var text = value.GetString()!;
        if (required && text.Length == 0) { Fail(field, $"{field} must not be empty."); return null; }
        if (text.Length > maxLength) { Fail(field, $"{field} is {text.Length} characters long; the limit is {maxLength}."); return null; }
        if (HasControlCharacters(text, allowLineBreaks))
        {
            Fail(field, $"{field} contains control characters{(allowLineBreaks ? " other than tab and line breaks" : "")}.");
            return null;
        }
        return text;
    }

    public Severity? Level(string field)
    {
        var text = String(field, required: true, 16);
        if (text is null) return null;
        if (Severities.TryParse(text, out var level)) return level;
        Fail(field, $"Unknown {field} '{text}': expected DEBUG, INFO, WARN, ERROR or FATAL (or WARNING, ERR, CRITICAL, TRACE).");
        return null;
    }

    public NodeStatus? Status(string field)
    {
        var text = String(field, required: false, 16);
        switch (text?.ToUpperInvariant())
        {
            case null: return null;
            case "UP": return NodeStatus.Up;
            case "DOWN": return NodeStatus.Down;
            default: Fail(field, $"Unknown {field} '{text}': expected UP or DOWN."); return null;
        }
    }

    public DateTimeOffset? Timestamp(string field)
    {
        var text = String(field, required: false, 64);
        if (text is null) return null;
        if (Timestamps.TryParse(text, out var value)) return value;
        Fail(field, $"{field} '{text}' is not an ISO-8601 time with a UTC offset, such as 2026-11-21T12:00:00.000Z.");
        return null;
    }

    public double? Number(string field)
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        double number;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetDouble(out number)) number = double.NaN;
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            if (!double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
            {
                Fail(field, $"{field} must be a number (or a numeric string), not '{value.GetString()}'.");
                return null;
            }
        }
        else
        {
            Fail(field, $"{field} must be a number, not {MessageValidator.Describe(value.ValueKind)}.");
            return null;
        }
        if (!double.IsFinite(number) || number < 0 || number > 1e15)
        {
            Fail(field, $"{field} must be a number of milliseconds between 0 and 1e15.");
            return null;
        }
        return number;
    }

    public ErrorDetails? ErrorDetails(string field)
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            Fail(field, $"{field} must be an object {{error_code, error_message}}, not {MessageValidator.Describe(value.ValueKind)}.");
            return null;
        }
        var inner = new ItemReader(value, index, errors);
        var code = value.TryGetProperty("error_code", out var codeValue) && codeValue.ValueKind == JsonValueKind.Number
            ? codeValue.GetRawText()
            : inner.String("error_code", required: false, MessageValidator.MaxIdentifierLength);
        var message = inner.String("error_message", required: false, MessageValidator.MaxMessageLength, allowLineBreaks: true);
        var extras = inner.Extras(MessageValidator.ErrorDetailFields);
        if (inner.HasErrors)
        {
            // Name the nested field with its parent, as a JSON path.
            for (var i = inner._errorsBefore; i < errors.Count; i++) errors[i] = errors[i] with { Field = $"{field}.{errors[i].Field}" };
            return null;
        }
        return new ErrorDetails { ErrorCode = code, ErrorMessage = message, Properties = extras };
    }

    /// <summary>Every field not in <paramref name="known"/>, cloned so it outlives the parsed document.</summary>
    public Dictionary<string, JsonElement>? Extras(HashSet<string> known)
    {
        Dictionary<string, JsonElement>? extras = null;
        JsonElement? owned = null;
        foreach (var property in item.EnumerateObject())
        {
            // JsonProperty.Name makes a new string on every read: read it once.
            var name = property.Name;
            if (known.Contains(name)) continue;
            if (name.Length is 0 or > MessageValidator.MaxPropertyNameLength || HasControlCharacters(name, allowLineBreaks: false))
            {
                Fail(name, $"Property names must be 1-{MessageValidator.MaxPropertyNameLength} characters without control characters.");
                continue;
            }
            extras ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            // One copy of the item that outlives the request's buffer, rather than one per property.
            owned ??= item.Clone();
            extras[name] = owned.Value.GetProperty(name);
        }
        return extras;
    }

    private static bool HasControlCharacters(string text, bool allowLineBreaks)
    {
        foreach (var c in text)
        {
            if (c < 0x20 && !(allowLineBreaks && c is '\t' or '\n' or '\r')) return true;
            if (c == 0x7F) return true;
        }
        return false;
    }
}
