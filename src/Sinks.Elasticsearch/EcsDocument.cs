using System.Text.Json;
using System.Text.Json.Nodes;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Sinks.Elasticsearch;

/// <summary>A Sawmill entry as an Elastic Common Schema document: <c>@timestamp</c>, <c>log.level</c>, <c>message</c>,
/// <c>service.name</c>, <c>host.name</c> (the node), <c>event.id</c> (the log_id, also the document's _id),
/// <c>error.code</c>/<c>error.message</c>, <c>event.duration</c> from response_time_ms, and every other property under
/// <c>labels</c> (mapped flattened, so any shape fits one field).</summary>
public static class EcsDocument
{
    public static JsonObject From(SawmillMessage message)
    {
        var (timestamp, service) = message switch
        {
            LogEntry log => (log.Timestamp, log.ServiceName),
            Registration registration => (registration.Timestamp, registration.ServiceName),
            _ => throw new ArgumentException($"{message.MessageType} is not stored.", nameof(message)),
        };
        var document = new JsonObject
        {
            ["@timestamp"] = timestamp.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["service"] = new JsonObject { ["name"] = service },
            ["host"] = new JsonObject { ["name"] = message.NodeId },
            ["sawmill"] = new JsonObject { ["node_id"] = message.NodeId, ["message_type"] = message is Registration ? "REGISTRATION" : "LOG" },
        };
        switch (message)
        {
            case LogEntry log:
                document["event"] = new JsonObject { ["id"] = log.LogId, ["dataset"] = "sawmill" };
                document["log"] = new JsonObject { ["level"] = log.LogLevel.ToString().ToUpperInvariant() };
                document["message"] = log.Message;
                if (log.ResponseTimeMs is { } responseTime)
                {
                    ((JsonObject)document["event"]!)["duration"] = (long)(responseTime * 1_000_000); // ECS: nanoseconds
                    ((JsonObject)document["sawmill"]!)["response_time_ms"] = responseTime;
                }
                if (log.ThresholdLimitMs is { } threshold) ((JsonObject)document["sawmill"]!)["threshold_limit_ms"] = threshold;
                if (log.ErrorDetails is { } error)
                {
                    var ecsError = new JsonObject();
                    if (error.ErrorCode is not null) ecsError["code"] = error.ErrorCode;
                    if (error.ErrorMessage is not null) ecsError["message"] = error.ErrorMessage;
                    document["error"] = ecsError;
                    if (error.Properties is { Count: > 0 }) document["labels"] = Labels(error.Properties, "error_details.");
                }
                break;
            case Registration registration:
                document["event"] = new JsonObject { ["id"] = registration.LogId, ["dataset"] = "sawmill" };
                document["log"] = new JsonObject { ["level"] = "INFO" };
                document["message"] = $"Node {registration.NodeId} registered ({registration.ServiceName})";
                break;
        }
        if (message.Properties is { Count: > 0 } properties)
        {
            var labels = document["labels"] as JsonObject ?? (JsonObject)(document["labels"] = new JsonObject());
            foreach (var (name, value) in Labels(properties, "").ToList()) labels[name] = value?.DeepClone();
        }
        return document;
    }

    /// <summary>The document's _id: the log_id, so a redelivered entry is a 409, not a second document.</summary>
    public static string IdOf(SawmillMessage message) => message switch
    {
        LogEntry log => $"{log.NodeId}/{log.LogId}",
        Registration registration => $"{registration.NodeId}/{registration.LogId}",
        _ => throw new ArgumentException($"{message.MessageType} is not stored.", nameof(message)),
    };

    private static JsonObject Labels(Dictionary<string, JsonElement> properties, string prefix)
    {
        var labels = new JsonObject();
        foreach (var (name, value) in properties) labels[prefix + name] = JsonNode.Parse(value.GetRawText());
        return labels;
    }
}
