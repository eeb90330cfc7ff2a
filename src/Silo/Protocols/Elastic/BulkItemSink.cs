using System.Text.Json;
using Sawmill.Grains;
using Sawmill.Silo.Ingestion;

namespace Sawmill.Silo.Protocols.Elastic;

/// <summary>Reads an Elasticsearch <c>_bulk</c> body (an action line, then a document line) and maps each document onto a
/// Sawmill LOG item: <c>@timestamp</c>, <c>message</c>, <c>log.level</c>/<c>level</c>/<c>severity</c>,
/// <c>service.name</c>, <c>host.name</c>/<c>hostname</c> (else the client's address), <c>error.code</c>/<c>error.type</c>
/// and <c>error.message</c>; the other top-level fields become properties. The action's <c>_id</c> is the log_id, so a
/// resent document is stored once. Dotted (<c>"log.level"</c>) and nested (<c>{"log":{"level"}}</c>) names both work.</summary>
public sealed class BulkItemSink(IngestionBatch batch, string defaultIndex, string clientAddress, SortableIdGenerator ids) : IItemSink
{
    private const string Skipped = "skipped";

    private static readonly HashSet<string> Consumed = ["@timestamp", "timestamp", "message", "level", "severity", "hostname", "error", "log.level", "service.name", "host.name", "error.code", "error.type", "error.message"];

    private readonly SawmillItemBuilder _item = new();
    private BulkAction? _pending;
    private int _items;

    /// <summary>One entry per action, in order, for the response.</summary>
    public List<BulkAction> Actions { get; } = [];

    /// <summary>Why the body as a whole cannot be taken (an action line that is not one), as Elasticsearch refuses it.</summary>
    public string? Fatal { get; private set; }

    public void Malformed(int index, string error)
    {
        if (_pending is { } action)
        {
            _pending = null;
            action.Error = ("document_parsing_exception", $"The document is not JSON: {error}");
        }
        else Fatal ??= $"Malformed action/metadata line [{index + 1}]: {error}";
    }

    public void Item(JsonElement line, int index)
    {
        if (Fatal is not null) return;
        if (_pending is not { } action)
        {
            ReadAction(line, index);
            return;
        }
        _pending = null;
        if (action.Kind == Skipped) return;
        if (line.ValueKind != JsonValueKind.Object)
        {
            action.Error = ("document_parsing_exception", "The document must be a JSON object.");
            return;
        }
        _item.Log(Text(line, "host.name") ?? Text(line, "hostname") ?? Text(line, "host") ?? clientAddress,
            Text(line, "service.name") ?? Text(line, "service") ?? "unknown",
            ProtocolLevels.Normalize(Text(line, "log.level") ?? Text(line, "level") ?? Text(line, "severity")),
            Text(line, "message") ?? "",
            Text(line, "@timestamp") ?? Text(line, "timestamp"));
        _item.Field("log_id", action.Id);
        _item.ErrorDetails(Text(line, "error.code") ?? Text(line, "error.type"), Text(line, "error.message"));
        foreach (var field in line.EnumerateObject())
        {
            var taken = Consumed.Contains(field.Name) || (field.Name is "host" or "service" && field.Value.ValueKind == JsonValueKind.String);
            if (!taken) _item.Property(field.Name, field.Value);
        }
        action.Item = _items++;
        _item.Submit(batch, action.Item.Value);
    }

    private void ReadAction(JsonElement line, int index)
    {
        if (line.ValueKind != JsonValueKind.Object || line.EnumerateObject().Count() != 1)
        {
            Fatal = $"Malformed action/metadata line [{index + 1}], expected an object with one action (index, create, update or delete).";
            return;
        }
        var property = line.EnumerateObject().First();
        var meta = property.Value;
        if (meta.ValueKind != JsonValueKind.Object)
        {
            Fatal = $"Malformed action/metadata line [{index + 1}]: the {property.Name} action must hold an object.";
            return;
        }
        var action = new BulkAction(property.Name, Text(meta, "_index") ?? defaultIndex, Text(meta, "_id") ?? ids.Next());
        Actions.Add(action);
        switch (property.Name)
        {
            case "index" or "create":
                _pending = action;
                break;
            case "delete":
                action.Error = ("illegal_argument_exception", "Sawmill keeps logs as written: delete is not supported.");
                break;
            case "update":
                action.Error = ("illegal_argument_exception", "Sawmill keeps logs as written: update is not supported.");
                _pending = new BulkAction(Skipped, "", ""); // its document line follows and is dropped
                break;
            default:
                Fatal = $"Malformed action/metadata line [{index + 1}], expected index, create, update or delete but found [{property.Name}].";
                break;
        }
    }

    // A dotted name as written, else the same path through nested objects; strings only.
    private static string? Text(JsonElement document, string path)
    {
        if (document.TryGetProperty(path, out var direct)) return direct.ValueKind == JsonValueKind.String ? direct.GetString() : null;
        var current = document;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current)) return null;
        }
        return current.ValueKind == JsonValueKind.String ? current.GetString() : null;
    }
}

/// <summary>One action of a bulk request and what became of it.</summary>
public sealed class BulkAction(string kind, string index, string id)
{
    public string Kind { get; } = kind;
    public string Index { get; } = index;
    public string Id { get; } = id;

    /// <summary>The document's position among the batch's items, once it was handed to the validator.</summary>
    public int? Item { get; set; }

    /// <summary>Refused before validation: Elasticsearch's error type and reason.</summary>
    public (string Type, string Reason)? Error { get; set; }
}
