using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Sawmill.Grains.Interfaces;
using Sawmill.Silo.Protocols.Otlp.Wire;

namespace Sawmill.Protocols;

/// <summary>The same entries as each protocol's client would put them on the wire: the fields Sawmill maps (node,
/// service, level, message, timestamp, WARN timings, error details) and the two extra properties of the NDJSON line
/// (region, trace_id), so every transport carries the same information.</summary>
internal static class Encoders
{
    private const string Region = "eu-west-1";

    public static byte[] Ndjson(IEnumerable<LogEntry> entries) => Encoding.UTF8.GetBytes(string.Join('\n', entries.Select(Sawmill.Ingest.EventFactory.Line)));

    /// <summary>The NDJSON line with the properties a CLEF event of it carries besides (its template, the template's
    /// three properties, the event id, the node and application names), to tell the cost of properties from that of
    /// a protocol's parsing.</summary>
    public static byte[] NdjsonWithClefProperties(IEnumerable<LogEntry> entries) => Encoding.UTF8.GetBytes(string.Join('\n', entries.Select(e =>
    {
        var words = e.Message.Split(' ');
        var line = Sawmill.Ingest.EventFactory.Line(e);
        return line[..^1] + string.Create(CultureInfo.InvariantCulture,
            $",\"message_template\":\"{{Subject}} {{Object}} handled for request {{RequestId}}\",\"event_id\":\"{e.LogId}\",\"Subject\":\"{words[0]}\",\"Object\":\"{words[1]}\",\"RequestId\":{words[^1]},\"NodeId\":\"{e.NodeId}\",\"Application\":\"{e.ServiceName}\"}}");
    })));

    /// <summary>Serilog's compact JSON: a message template with its properties, as Serilog.Sinks.Seq sends it.</summary>
    public static byte[] Clef(IEnumerable<LogEntry> entries) => JsonLines(entries, (w, e) =>
    {
        w.WriteStartObject();
        w.WriteString("@t", e.Timestamp);
        var words = e.Message.Split(' ');
        w.WriteString("@mt", "{Subject} {Object} handled for request {RequestId}");
        if (e.LogLevel != Severity.Info) w.WriteString("@l", e.LogLevel switch { Severity.Warn => "Warning", Severity.Error => "Error", Severity.Debug => "Debug", _ => "Fatal" });
        if (e.ErrorDetails is { } error) w.WriteString("@x", $"{error.ErrorCode}: {error.ErrorMessage}");
        w.WriteString("@i", e.LogId);
        w.WriteString("Subject", words[0]);
        w.WriteString("Object", words[1]);
        w.WriteNumber("RequestId", long.Parse(words[^1], CultureInfo.InvariantCulture));
        w.WriteString("log_id", e.LogId);
        w.WriteString("NodeId", e.NodeId);
        w.WriteString("Application", e.ServiceName);
        if (e.ResponseTimeMs is { } rt) { w.WriteNumber("response_time_ms", rt); w.WriteNumber("threshold_limit_ms", e.ThresholdLimitMs!.Value); }
        w.WriteString("region", Region);
        w.WriteString("trace_id", e.LogId);
        w.WriteEndObject();
    });

    /// <summary>Filebeat's shape: an action line with the id, then an ECS document with nested objects.</summary>
    public static byte[] ElasticBulk(IEnumerable<LogEntry> entries) => JsonLines(entries, (w, e) =>
    {
        w.WriteStartObject();
        w.WriteStartObject("create");
        w.WriteString("_id", e.LogId);
        w.WriteEndObject();
        w.WriteEndObject();
    }, (w, e) =>
    {
        w.WriteStartObject();
        w.WriteString("@timestamp", e.Timestamp);
        w.WriteString("message", e.Message);
        w.WriteStartObject("log");
        w.WriteString("level", e.LogLevel.Name().ToLowerInvariant());
        w.WriteEndObject();
        w.WriteStartObject("service");
        w.WriteString("name", e.ServiceName);
        w.WriteEndObject();
        w.WriteStartObject("host");
        w.WriteString("name", e.NodeId);
        w.WriteEndObject();
        if (e.ErrorDetails is { } error)
        {
            w.WriteStartObject("error");
            w.WriteString("code", error.ErrorCode);
            w.WriteString("message", error.ErrorMessage);
            w.WriteEndObject();
        }
        if (e.ResponseTimeMs is { } rt) { w.WriteNumber("response_time_ms", rt); w.WriteNumber("threshold_limit_ms", e.ThresholdLimitMs!.Value); }
        w.WriteString("region", Region);
        w.WriteString("trace_id", e.LogId);
        w.WriteEndObject();
    });

    /// <summary>One export request as an SDK batches it: a resource per node, its records under one scope.</summary>
    public static ExportLogsServiceRequest Otlp(IEnumerable<LogEntry> entries)
    {
        var request = new ExportLogsServiceRequest();
        foreach (var node in entries.GroupBy(e => (e.NodeId, e.ServiceName)))
        {
            var resource = new Resource();
            resource.Attributes.Add(Text("service.name", node.Key.ServiceName));
            resource.Attributes.Add(Text("service.instance.id", node.Key.NodeId));
            var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "Sawmill.Bench" } };
            foreach (var e in node)
            {
                var record = new LogRecord
                {
                    TimeUnixNano = (ulong)(e.Timestamp - DateTimeOffset.UnixEpoch).Ticks * 100,
                    SeverityNumber = SeverityNumber(e.LogLevel),
                    SeverityText = e.LogLevel.Name(),
                    Body = new AnyValue { StringValue = e.Message },
                    TraceId = ByteString.CopyFrom(TraceId(e.LogId)),
                };
                record.Attributes.Add(Text("log_id", e.LogId));
                record.Attributes.Add(Text("region", Region));
                if (e.ResponseTimeMs is { } rt)
                {
                    record.Attributes.Add(new KeyValue { Key = "response_time_ms", Value = new AnyValue { IntValue = (long)rt } });
                    record.Attributes.Add(new KeyValue { Key = "threshold_limit_ms", Value = new AnyValue { IntValue = (long)e.ThresholdLimitMs!.Value } });
                }
                if (e.ErrorDetails is { } error)
                {
                    record.Attributes.Add(Text("exception.type", error.ErrorCode ?? ""));
                    record.Attributes.Add(Text("exception.message", error.ErrorMessage ?? ""));
                }
                scope.LogRecords.Add(record);
            }
            request.ResourceLogs.Add(new ResourceLogs { Resource = resource, ScopeLogs = { scope } });
        }
        return request;
    }

    /// <summary>OTLP/JSON as the specification writes it: hex ids, integers as strings, severity as a number.</summary>
    public static byte[] OtlpJson(IEnumerable<LogEntry> entries)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var w = new Utf8JsonWriter(buffer);
        w.WriteStartObject();
        w.WriteStartArray("resourceLogs");
        foreach (var node in entries.GroupBy(e => (e.NodeId, e.ServiceName)))
        {
            w.WriteStartObject();
            w.WriteStartObject("resource");
            w.WriteStartArray("attributes");
            JsonText(w, "service.name", node.Key.ServiceName);
            JsonText(w, "service.instance.id", node.Key.NodeId);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("scopeLogs");
            w.WriteStartObject();
            w.WriteStartObject("scope");
            w.WriteString("name", "Sawmill.Bench");
            w.WriteEndObject();
            w.WriteStartArray("logRecords");
            foreach (var e in node)
            {
                w.WriteStartObject();
                w.WriteString("timeUnixNano", (((e.Timestamp - DateTimeOffset.UnixEpoch).Ticks) * 100).ToString(CultureInfo.InvariantCulture));
                w.WriteNumber("severityNumber", SeverityNumber(e.LogLevel));
                w.WriteString("severityText", e.LogLevel.Name());
                w.WriteStartObject("body");
                w.WriteString("stringValue", e.Message);
                w.WriteEndObject();
                w.WriteString("traceId", Convert.ToHexStringLower(TraceId(e.LogId)));
                w.WriteStartArray("attributes");
                JsonText(w, "log_id", e.LogId);
                JsonText(w, "region", Region);
                if (e.ResponseTimeMs is { } rt)
                {
                    JsonInt(w, "response_time_ms", (long)rt);
                    JsonInt(w, "threshold_limit_ms", (long)e.ThresholdLimitMs!.Value);
                }
                if (e.ErrorDetails is { } error)
                {
                    JsonText(w, "exception.type", error.ErrorCode ?? "");
                    JsonText(w, "exception.message", error.ErrorMessage ?? "");
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>RFC 5424 as rsyslog forwards it: the node as hostname, the service as app-name, the timings and error
    /// as structured data.</summary>
    public static string Syslog(LogEntry e)
    {
        // Facility local0 (16); severity info 6, warning 4, err 3, debug 7, crit 2.
        var severity = e.LogLevel switch { Severity.Warn => 4, Severity.Error => 3, Severity.Debug => 7, Severity.Fatal => 2, _ => 6 };
        var data = new StringBuilder().Append(CultureInfo.InvariantCulture, $"[request@32473 log_id=\"{e.LogId}\" region=\"{Region}\" trace_id=\"{e.LogId}\"");
        if (e.ResponseTimeMs is { } rt) data.Append(CultureInfo.InvariantCulture, $" response_time_ms=\"{rt}\" threshold_limit_ms=\"{e.ThresholdLimitMs}\"");
        if (e.ErrorDetails is { } error) data.Append(CultureInfo.InvariantCulture, $" error_code=\"{error.ErrorCode}\" error_message=\"{error.ErrorMessage}\"");
        data.Append(']');
        return $"<{16 * 8 + severity}>1 {e.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} {e.NodeId} {e.ServiceName} 4242 - {data} {e.Message}";
    }

    /// <summary>Octet counting (RFC 6587): each frame prefixed by its length in bytes.</summary>
    public static byte[] OctetCounted(IEnumerable<LogEntry> entries)
    {
        var frames = new MemoryStream();
        foreach (var e in entries)
        {
            var frame = Encoding.UTF8.GetBytes(Syslog(e));
            frames.Write(Encoding.ASCII.GetBytes($"{frame.Length} "));
            frames.Write(frame);
        }
        return frames.ToArray();
    }

    private static int SeverityNumber(Severity level) => level switch { Severity.Debug => 5, Severity.Warn => 13, Severity.Error => 17, Severity.Fatal => 21, _ => 9 };

    // A W3C trace id (16 bytes) derived from the log id, so every record carries one.
    private static byte[] TraceId(string logId)
    {
        var id = new byte[16];
        Encoding.ASCII.GetBytes(logId.AsSpan(Math.Max(0, logId.Length - 16)), id);
        return id;
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static void JsonText(Utf8JsonWriter w, string key, string value)
    {
        w.WriteStartObject();
        w.WriteString("key", key);
        w.WriteStartObject("value");
        w.WriteString("stringValue", value);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void JsonInt(Utf8JsonWriter w, string key, long value)
    {
        w.WriteStartObject();
        w.WriteString("key", key);
        w.WriteStartObject("value");
        w.WriteString("intValue", value.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static byte[] JsonLines(IEnumerable<LogEntry> entries, params Action<Utf8JsonWriter, LogEntry>[] lines)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var e in entries)
        {
            foreach (var line in lines)
            {
                using (var w = new Utf8JsonWriter(buffer)) line(w, e);
                buffer.Write("\n"u8);
            }
        }
        return buffer.WrittenSpan.ToArray();
    }
}
