using System.Text.Json;
using Microsoft.Extensions.Options;
using Sawmill.Grains;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Silo.Ingestion;

/// <summary>Turns one JSON item into a wire record, or explains per field why not (SPEC.md). The one validator of every transport.</summary>
public sealed class MessageValidator(SortableIdGenerator logIds, IOptions<IngestionOptions> options)
{
    /// <summary>The property that keeps a timestamp too far in the future, which is replaced by the receive time.</summary>
    public const string SentTimestampProperty = "sent_timestamp";

    public const int MaxIdentifierLength = 128;
    public const int MaxMessageLength = 64 * 1024;
    public const int MaxPropertyNameLength = 128;

    private static readonly HashSet<string> RegistrationFields = ["message_type", "node_id", "service_name", "status", "timestamp"];
    private static readonly HashSet<string> HeartbeatFields = ["message_type", "node_id", "status", "timestamp"];
    private static readonly HashSet<string> LogFields =
        ["message_type", "log_id", "node_id", "log_level", "message", "service_name", "timestamp", "response_time_ms", "threshold_limit_ms", "error_details"];
    internal static readonly HashSet<string> ErrorDetailFields = ["error_code", "error_message"];

    /// <summary>The record for a valid item; null with the reasons added to <paramref name="errors"/> otherwise.</summary>
    public SawmillMessage? Validate(JsonElement item, int index, DateTimeOffset receivedAt, List<ItemError> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ItemError(index, null, $"Each item must be a JSON object, not {Describe(item.ValueKind)}."));
            return null;
        }
        if (LoneSurrogates.Find(item) is { } field)
        {
            errors.Add(new ItemError(index, field, $"{field} holds a \\u escape of a lone UTF-16 surrogate (\\ud800-\\udfff without its pair), which is not text."));
            return null;
        }
        var reader = new ItemReader(item, index, errors);
        var type = reader.String("message_type", required: true, MaxIdentifierLength)?.ToUpperInvariant();
        return type switch
        {
            null => null,
            MessageTypes.Log => ReadLog(reader, receivedAt),
            MessageTypes.Registration => ReadRegistration(reader, receivedAt),
            MessageTypes.Heartbeat => ReadHeartbeat(reader, receivedAt),
            _ => reader.Fail("message_type", $"Unknown message_type '{type}': expected LOG, REGISTRATION or HEARTBEAT."),
        };
    }

    private LogEntry? ReadLog(ItemReader reader, DateTimeOffset receivedAt)
    {
        var logId = reader.String("log_id", required: false, MaxIdentifierLength);
        var nodeId = reader.String("node_id", required: true, MaxIdentifierLength);
        var serviceName = reader.String("service_name", required: true, MaxIdentifierLength);
        var level = reader.Level("log_level");
        // As in the original design, WARN and ERROR entries may come without a message text.
        var message = reader.String("message", required: level is not (Severity.Warn or Severity.Error), MaxMessageLength, allowLineBreaks: true);
        var timestamp = reader.Timestamp("timestamp");
        var responseTime = reader.Number("response_time_ms");
        var threshold = reader.Number("threshold_limit_ms");
        var errorDetails = reader.ErrorDetails("error_details");
        var properties = reader.Extras(LogFields);
        if (reader.HasErrors) return null;
        return new LogEntry
        {
            NodeId = nodeId!,
            LogId = logId ?? logIds.Next(),
            LogLevel = level!.Value,
            Message = message ?? "",
            ServiceName = serviceName!,
            Timestamp = Received(timestamp, receivedAt, ref properties),
            ResponseTimeMs = responseTime,
            ThresholdLimitMs = threshold,
            ErrorDetails = errorDetails,
            Properties = properties,
        };
    }

    private Registration? ReadRegistration(ItemReader reader, DateTimeOffset receivedAt)
    {
        var nodeId = reader.String("node_id", required: true, MaxIdentifierLength);
        var serviceName = reader.String("service_name", required: true, MaxIdentifierLength);
        var status = reader.Status("status");
        var timestamp = reader.Timestamp("timestamp");
        var metadata = reader.Extras(RegistrationFields);
        if (reader.HasErrors) return null;
        var at = Received(timestamp, receivedAt, ref metadata);
        return new Registration
        {
            NodeId = nodeId!,
            LogId = logIds.Next(),
            ServiceName = serviceName!,
            Status = status ?? NodeStatus.Up,
            Timestamp = at,
            Properties = metadata,
        };
    }

    private Heartbeat? ReadHeartbeat(ItemReader reader, DateTimeOffset receivedAt)
    {
        var nodeId = reader.String("node_id", required: true, MaxIdentifierLength);
        var status = reader.Status("status");
        var timestamp = reader.Timestamp("timestamp");
        var properties = reader.Extras(HeartbeatFields);
        if (reader.HasErrors) return null;
        var at = Received(timestamp, receivedAt, ref properties);
        return new Heartbeat { NodeId = nodeId!, Status = status ?? NodeStatus.Up, Timestamp = at, Properties = properties };
    }

    /// <summary>The time to store: the sent one, unless it is missing (receive time) or further in the future than
    /// <see cref="IngestionOptions.MaxClockSkew"/>, so that a clock in year 9999 cannot top every newest-first search;
    /// then the sent time is kept as <see cref="SentTimestampProperty"/>.</summary>
    private DateTimeOffset Received(DateTimeOffset? sent, DateTimeOffset receivedAt, ref Dictionary<string, JsonElement>? properties)
    {
        if (sent is not { } time) return receivedAt;
        if (time - receivedAt <= options.Value.MaxClockSkew) return time;
        (properties ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[SentTimestampProperty] =
            JsonSerializer.SerializeToElement(time.ToString("O", System.Globalization.CultureInfo.InvariantCulture), SawmillJsonContext.Default.String);
        return receivedAt;
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };
}
