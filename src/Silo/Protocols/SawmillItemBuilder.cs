using System.Buffers;
using System.Text.Json;
using Sawmill.Silo.Ingestion;

namespace Sawmill.Silo.Protocols;

/// <summary>Writes one protocol event as a Sawmill LOG item (SPEC.md's JSON) and hands it to the batch, so that every
/// transport goes through the one <see cref="MessageValidator"/>. A property named like one of the item's own fields is
/// kept under a <c>_property</c> suffix, never mistaken for that field. One builder per request, reused per item.</summary>
public sealed class SawmillItemBuilder
{
    private static readonly HashSet<string> Reserved =
        ["message_type", "node_id", "log_level", "message", "service_name", "timestamp", "error_details", "log_id", "response_time_ms", "threshold_limit_ms"];

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    public SawmillItemBuilder() => _writer = new Utf8JsonWriter(_buffer);

    /// <summary>Starts a LOG item with its required fields; the validator judges them.</summary>
    public SawmillItemBuilder Log(string nodeId, string serviceName, string level, string message, string? timestamp)
    {
        _buffer.Clear();
        _writer.Reset(_buffer);
        _written.Clear();
        _writer.WriteStartObject();
        Field("message_type", "LOG");
        Field("node_id", nodeId);
        Field("service_name", serviceName);
        Field("log_level", level);
        Field("message", message);
        if (timestamp is not null) Field("timestamp", timestamp);
        return this;
    }


    /// <summary>One of the item's own fields the protocol supplies (log_id, response_time_ms, ...), as JSON.</summary>
    public SawmillItemBuilder Field(string name, JsonElement value)
    {
        if (!_written.Add(name)) return this;
        _writer.WritePropertyName(name);
        value.WriteTo(_writer);
        return this;
    }

    public SawmillItemBuilder Field(string name, string value)
    {
        if (_written.Add(name)) _writer.WriteString(name, value);
        return this;
    }

    public SawmillItemBuilder ErrorDetails(string? code, string? message)
    {
        if (code is null && message is null) return this;
        _written.Add("error_details");
        _writer.WriteStartObject("error_details");
        if (code is not null) _writer.WriteString("error_code", code);
        if (message is not null) _writer.WriteString("error_message", message);
        _writer.WriteEndObject();
        return this;
    }

    /// <summary>A property of the event; the first of a name wins.</summary>
    public SawmillItemBuilder Property(string name, JsonElement value)
    {
        if (PropertyName(name)) value.WriteTo(_writer);
        return this;
    }

    /// <summary>A property whose value <paramref name="write"/> writes as one JSON value.</summary>
    public SawmillItemBuilder Property(string name, Action<Utf8JsonWriter> write)
    {
        if (PropertyName(name)) write(_writer);
        return this;
    }

    public SawmillItemBuilder Property(string name, string value)
    {
        if (PropertyName(name)) _writer.WriteStringValue(value);
        return this;
    }

    // Writes the property's name unless one of that name was written; a reserved name gets the suffix.
    private bool PropertyName(string name)
    {
        var key = Reserved.Contains(name) ? name + "_property" : name;
        if (!_written.Add(key)) return false;
        _writer.WritePropertyName(key);
        return true;
    }

    /// <summary>Validates the item as the batch's item <paramref name="index"/>.</summary>
    public void Submit(IngestionBatch batch, int index)
    {
        _writer.WriteEndObject();
        _writer.Flush();
        using var document = JsonDocument.Parse(_buffer.WrittenMemory);
        batch.Item(document.RootElement, index);
    }
}
