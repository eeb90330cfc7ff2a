using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Sawmill.Silo.Ingestion;
using Sawmill.Silo.Protocols.Otlp.Wire;

namespace Sawmill.Silo.Protocols.Otlp;

/// <summary>Maps OTLP log records onto Sawmill LOG items: resource <c>service.name</c> the service,
/// <c>service.instance.id</c> (else <c>host.name</c>, else the client's address) the node, the severity number (else its
/// text) the level, the body the message (rendered as a template with the attributes, the template kept as
/// <c>message_template</c>), <c>exception.*</c> the error details, trace and span ids as hex, and the log, scope and
/// resource attributes (in that order of precedence) the properties.</summary>
public static class OtlpMapper
{
    /// <summary>Feeds every record to the batch; returns how many records there were. With
    /// <paramref name="idsAsBase64Text"/> (OTLP/JSON) the trace and span ids were sent as hex, which the protobuf JSON
    /// parser read as base64: turning the bytes back into base64 text gives the hex digits as sent.</summary>
    public static int Map(ExportLogsServiceRequest request, IngestionBatch batch, string clientAddress, bool idsAsBase64Text)
    {
        var item = new SawmillItemBuilder();
        var index = 0;
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = resourceLogs.Resource?.Attributes ?? [];
            var service = Text(resource, "service.name") ?? "unknown";
            var node = Text(resource, "service.instance.id") ?? Text(resource, "host.name") ?? clientAddress;
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                foreach (var record in scopeLogs.LogRecords)
                {
                    var body = record.Body is { } b ? AsText(b) : record.EventName;
                    var rendered = RenderWith(body, record.Attributes);
                    var nanos = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
                    item.Log(node, service, Level(record), rendered ?? body, nanos == 0 ? null : Timestamp(nanos));
                    var exceptionType = Text(record.Attributes, "exception.type");
                    var exceptionMessage = Text(record.Attributes, "exception.message");
                    var stack = Text(record.Attributes, "exception.stacktrace");
                    if (exceptionType is not null || exceptionMessage is not null || stack is not null)
                        item.ErrorDetails(exceptionType, stack is null ? exceptionMessage : $"{exceptionMessage}\n{stack}".TrimStart('\n'));
                    if (rendered is not null) item.Property("message_template", body);
                    // Serilog's sink renders the body itself and sends the template in this attribute.
                    if (Text(record.Attributes, "message_template.text") is { } template) item.Property("message_template", template);
                    if (!record.TraceId.IsEmpty) item.Property("trace_id", Id(record.TraceId, idsAsBase64Text));
                    if (!record.SpanId.IsEmpty) item.Property("span_id", Id(record.SpanId, idsAsBase64Text));
                    if (record.EventName.Length > 0) item.Property("event_name", record.EventName);
                    if (scopeLogs.Scope is { Name.Length: > 0 } scope) item.Property("otel.scope.name", scope.Name);
                    foreach (var attributes in new[] { record.Attributes, scopeLogs.Scope?.Attributes ?? [], resource })
                    {
                        foreach (var attribute in attributes)
                        {
                            if (attribute.Key.StartsWith("exception.", StringComparison.Ordinal) || attribute.Key is "{OriginalFormat}" or "message_template.text") continue;
                            if (attribute.Value is { } value) item.Property(attribute.Key, writer => Write(writer, value, 0));
                        }
                    }
                    item.Submit(batch, index++);
                }
            }
        }
        return index;
    }

    // The .NET SDK sends the message template as the body and its values as attributes.
    private static string? RenderWith(string body, IReadOnlyList<KeyValue> attributes)
    {
        if (!body.Contains('{', StringComparison.Ordinal) || attributes.Count == 0) return null;
        var rendered = MessageTemplate.Render(body, name => attributes.FirstOrDefault(a => a.Key == name)?.Value is { } value ? AsText(value) : null);
        return rendered == body ? null : rendered;
    }

    private static string Level(LogRecord record) => record.SeverityNumber switch
    {
        >= 1 and <= 8 => "DEBUG",
        >= 9 and <= 12 => "INFO",
        >= 13 and <= 16 => "WARN",
        >= 17 and <= 20 => "ERROR",
        >= 21 => "FATAL",
        _ => ProtocolLevels.Normalize(record.SeverityText),
    };

    private static string Timestamp(ulong unixNanos)
        => DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100)).ToString("O", CultureInfo.InvariantCulture);

    private static string Id(ByteString id, bool asBase64Text) => asBase64Text ? id.ToBase64() : Convert.ToHexStringLower(id.Span);

    private static string? Text(IEnumerable<KeyValue> attributes, string key)
        => attributes.FirstOrDefault(a => a.Key == key)?.Value is { ValueCase: AnyValue.ValueOneofCase.StringValue } value ? value.StringValue : null;

    private static string AsText(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.None => "",
        _ => Json(value),
    };

    private static string Json(AnyValue value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, value, 0);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    // Nesting past 32 levels is cut off rather than recursed into.
    private static void Write(Utf8JsonWriter writer, AnyValue value, int depth)
    {
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue: writer.WriteStringValue(value.StringValue); break;
            case AnyValue.ValueOneofCase.BoolValue: writer.WriteBooleanValue(value.BoolValue); break;
            case AnyValue.ValueOneofCase.IntValue: writer.WriteNumberValue(value.IntValue); break;
            case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue): writer.WriteNumberValue(value.DoubleValue); break;
            case AnyValue.ValueOneofCase.DoubleValue: writer.WriteStringValue(value.DoubleValue.ToString(CultureInfo.InvariantCulture)); break;
            case AnyValue.ValueOneofCase.BytesValue: writer.WriteStringValue(value.BytesValue.ToBase64()); break;
            case AnyValue.ValueOneofCase.ArrayValue when depth < 32:
                writer.WriteStartArray();
                foreach (var element in value.ArrayValue.Values) Write(writer, element, depth + 1);
                writer.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue when depth < 32:
                writer.WriteStartObject();
                foreach (var pair in value.KvlistValue.Values.DistinctBy(p => p.Key))
                {
                    writer.WritePropertyName(pair.Key);
                    if (pair.Value is { } inner) Write(writer, inner, depth + 1); else writer.WriteNullValue();
                }
                writer.WriteEndObject();
                break;
            default: writer.WriteNullValue(); break;
        }
    }
}
