using System.Text.Json;
using Sawmill.Silo.Ingestion;

namespace Sawmill.Silo.Protocols.Clef;

/// <summary>Maps each line of a CLEF body (Serilog's compact JSON, as Seq takes it) onto a Sawmill LOG item:
/// <c>@t</c> the time (required), <c>@m</c> or <c>@mt</c> rendered with the properties the message (the template kept as
/// <c>message_template</c>), <c>@l</c> the level (missing: Information), <c>@x</c> the error details, <c>@i</c>, <c>@tr</c>
/// and <c>@sp</c> the properties <c>event_id</c>, <c>trace_id</c> and <c>span_id</c>, every other field a property.
/// node_id comes from <c>NodeId</c>, else <c>MachineName</c>, else the client's address; service_name from
/// <c>Application</c>, else <c>ServiceName</c>, else <c>unknown</c>.</summary>
public sealed class ClefItemSink(IngestionBatch batch, string clientAddress) : IItemSink
{
    private readonly SawmillItemBuilder _item = new();

    public void Malformed(int index, string error) => batch.Malformed(index, error);

    public void Item(JsonElement line, int index)
    {
        if (line.ValueKind != JsonValueKind.Object)
        {
            batch.Reject(index, null, "Each CLEF line must be a JSON object.");
            return;
        }
        if (!line.TryGetProperty("@t", out var time) || time.ValueKind != JsonValueKind.String)
        {
            batch.Reject(index, "@t", "@t, the event's ISO 8601 timestamp, is required in every CLEF line.");
            return;
        }
        var template = Text(line, "@mt");
        var message = Text(line, "@m")
            ?? (template is null ? null : MessageTemplate.Render(template, name => line.TryGetProperty(name, out var value) ? MessageTemplate.Text(value) : null, line.TryGetProperty("@r", out var r) ? r : null));
        if (message is null)
        {
            batch.Reject(index, "@m", "A CLEF line needs @m (the message) or @mt (its template).");
            return;
        }

        var nodeId = Text(line, "NodeId") ?? Text(line, "MachineName") ?? clientAddress;
        var serviceName = Text(line, "Application") ?? Text(line, "ServiceName") ?? "unknown";
        _item.Log(nodeId, serviceName, ProtocolLevels.Normalize(Text(line, "@l")), message, time.GetString());
        if (Text(line, "@x") is { } exception) _item.ErrorDetails(ExceptionType(exception), exception);
        if (template is not null) _item.Property("message_template", template);
        foreach (var field in line.EnumerateObject())
        {
            var name = field.Name;
            switch (name)
            {
                case "@t" or "@m" or "@mt" or "@l" or "@x" or "@r": break;
                case "@i": _item.Property("event_id", field.Value); break;
                case "@tr": _item.Property("trace_id", field.Value); break;
                case "@sp": _item.Property("span_id", field.Value); break;
                case "log_id" or "response_time_ms" or "threshold_limit_ms": _item.Field(name, field.Value); break;
                // CLEF escapes a property whose name starts with @ as @@.
                default: _item.Property(name.StartsWith("@@", StringComparison.Ordinal) ? name[1..] : name.TrimStart('@'), field.Value); break;
            }
        }
        _item.Submit(batch, index);
    }

    // "System.InvalidOperationException: text" -> its type name; null when the first line does not start with one.
    private static string? ExceptionType(string exception)
    {
        var colon = exception.IndexOf(':');
        if (colon <= 0) return null;
        var head = exception.AsSpan(0, colon);
        foreach (var c in head) if (!(char.IsLetterOrDigit(c) || c is '.' or '_' or '`' or '+')) return null;
        return head.Length <= Ingestion.MessageValidator.MaxIdentifierLength ? head.ToString() : null;
    }

    private static string? Text(JsonElement line, string name)
        => line.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
