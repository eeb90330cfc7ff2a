using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Client;

/// <summary>Turns a Microsoft.Extensions.Logging call into a LOG entry: levels mapped to SPEC levels, template values and
/// scopes as properties, exceptions as error_details; well-known names fill the SPEC fields.</summary>
internal static class LogEntryFactory
{
    public const string TemplateKey = "{OriginalFormat}";

    public static Severity Map(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => Severity.Debug,
        LogLevel.Information => Severity.Info,
        LogLevel.Warning => Severity.Warn,
        LogLevel.Error => Severity.Error,
        _ => Severity.Fatal,
    };

    public static LogEntry Create<TState>(
        SawmillShipper shipper, string category, LogLevel level, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter, IExternalScopeProvider? scopes, DateTimeOffset now)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["category"] = Json(category) };
        if (eventId.Id != 0) properties["event_id"] = Json(eventId.Id);
        if (!string.IsNullOrEmpty(eventId.Name)) properties["event_name"] = Json(eventId.Name);
        List<string>? scopeTexts = null;
        scopes?.ForEachScope((scope, _) =>
        {
            if (scope is IEnumerable<KeyValuePair<string, object?>> pairs) AddPairs(properties, pairs);
            else if (scope is not null) (scopeTexts ??= []).Add(Convert.ToString(scope, CultureInfo.InvariantCulture) ?? "");
        }, (object?)null);
        if (scopeTexts is not null) properties["scope"] = Json(scopeTexts);
        if (state is IEnumerable<KeyValuePair<string, object?>> values) AddPairs(properties, values);

        var responseTime = Number(properties, "response_time_ms", "ResponseTimeMs");
        var threshold = Number(properties, "threshold_limit_ms", "ThresholdLimitMs");
        var errorCode = Text(properties, "error_code", "ErrorCode");
        var message = formatter(state, exception);
        if (string.IsNullOrEmpty(message)) message = exception?.Message ?? category;

        return new LogEntry
        {
            NodeId = shipper.NodeId,
            ServiceName = shipper.ServiceName,
            LogId = Guid.CreateVersion7(now).ToString("N"),
            LogLevel = Map(level),
            Message = message,
            Timestamp = now,
            ResponseTimeMs = responseTime,
            ThresholdLimitMs = threshold,
            ErrorDetails = exception is null && errorCode is null ? null : new ErrorDetails
            {
                ErrorCode = errorCode ?? exception?.GetType().Name,
                ErrorMessage = exception?.Message,
                Properties = exception is null ? null : new()
                {
                    ["exception_type"] = Json(exception.GetType().FullName),
                    ["stack_trace"] = Json(exception.ToString()),
                },
            },
            Properties = properties,
        };
    }

    private static void AddPairs(Dictionary<string, JsonElement> properties, IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        foreach (var (key, value) in pairs)
        {
            if (string.IsNullOrEmpty(key) || key.Length > 128) continue;
            properties[key == TemplateKey ? "message_template" : key.TrimStart('@', '$')] = Json(value);
        }
    }

    private static double? Number(Dictionary<string, JsonElement> properties, params string[] names)
    {
        foreach (var name in names)
        {
            if (properties.Remove(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)) return number;
        }
        return null;
    }

    private static string? Text(Dictionary<string, JsonElement> properties, params string[] names)
    {
        foreach (var name in names)
        {
            if (properties.Remove(name, out var value)) return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        }
        return null;
    }

    private static JsonElement Json(object? value)
    {
        try
        {
            return value switch
            {
                null => JsonSerializer.SerializeToElement<object?>(null),
                string or bool or int or long or double or decimal or float or DateTimeOffset or DateTime or Guid => JsonSerializer.SerializeToElement(value, value.GetType()),
                _ when value.GetType().IsPrimitive || value.GetType().IsEnum => JsonSerializer.SerializeToElement(Convert.ToString(value, CultureInfo.InvariantCulture)),
                _ => JsonSerializer.SerializeToElement(value, value.GetType()),
            };
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            // Not serialisable (cycles, pointers ...): its text is better than nothing.
            return JsonSerializer.SerializeToElement(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }
}
