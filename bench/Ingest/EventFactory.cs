using System.Globalization;
using System.Text;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Ingest;

/// <summary>A realistic mix of LOG entries (INFO, WARN with timings, ERROR with details, some DEBUG) from many nodes,
/// both as NDJSON batches for the silo and as records for the raw-SQLite bound.</summary>
internal static class EventFactory
{
    private static readonly string[] Services = ["PaymentService", "OrderService", "InventoryService", "ShippingService", "UserService"];
    private static readonly string[] Words = ["order", "payment", "customer", "inventory", "cache", "request", "checkout", "invoice", "refund", "shipment", "token", "session"];

    public static LogEntry Entry(string run, int i, DateTimeOffset start)
    {
        var service = Services[i % Services.Length];
        var node = $"{service.ToLowerInvariant()}-{i % 100:D2}";
        var roll = i % 20;
        var level = roll switch { < 13 => Severity.Info, < 16 => Severity.Warn, < 18 => Severity.Error, < 19 => Severity.Debug, _ => Severity.Info };
        var message = $"{Words[i % Words.Length]} {Words[(i / 7) % Words.Length]} handled for request {i}";
        return new LogEntry
        {
            NodeId = node,
            LogId = $"{run}-{i:D8}",
            LogLevel = level,
            Message = message,
            ServiceName = service,
            Timestamp = start.AddMilliseconds(i),
            ResponseTimeMs = level == Severity.Warn ? 500 + i % 900 : null,
            ThresholdLimitMs = level == Severity.Warn ? 500 : null,
            ErrorDetails = level == Severity.Error ? new ErrorDetails { ErrorCode = $"E{i % 50}", ErrorMessage = "upstream timed out" } : null,
        };
    }

    /// <summary>The entry as one NDJSON line, as a client library would send it.</summary>
    public static string Line(LogEntry e)
    {
        var line = new StringBuilder(256);
        line.Append("{\"message_type\":\"LOG\",\"log_id\":\"").Append(e.LogId)
            .Append("\",\"node_id\":\"").Append(e.NodeId)
            .Append("\",\"log_level\":\"").Append(e.LogLevel.Name())
            .Append("\",\"message\":\"").Append(e.Message)
            .Append("\",\"service_name\":\"").Append(e.ServiceName)
            .Append("\",\"timestamp\":\"").Append(e.Timestamp.ToString("O", CultureInfo.InvariantCulture)).Append('"');
        if (e.ResponseTimeMs is { } rt) line.Append(CultureInfo.InvariantCulture, $",\"response_time_ms\":{rt},\"threshold_limit_ms\":{e.ThresholdLimitMs}");
        if (e.ErrorDetails is { } d) line.Append(CultureInfo.InvariantCulture, $",\"error_details\":{{\"error_code\":\"{d.ErrorCode}\",\"error_message\":\"{d.ErrorMessage}\"}}");
        line.Append(",\"region\":\"eu-west-1\",\"trace_id\":\"").Append(e.LogId).Append("\"}");
        return line.ToString();
    }
}
