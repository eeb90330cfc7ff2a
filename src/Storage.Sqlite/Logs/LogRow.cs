using System.Text.Json;
using System.Text;
using Sawmill.Grains.Interfaces;
namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The column values of one log_entries row, computed by the caller so the single writer only binds them.</summary>
internal readonly record struct LogRow(
    string MessageType,
    string LogId,
    string NodeId,
    string ServiceName,
    Severity Level,
    long Ts,
    string Message,
    double? ResponseTimeMs,
    double? ThresholdLimitMs,
    string? ErrorCode,
    string? ErrorMessage,
    string PropsText,
    string Body)
{
    /// <summary>The rows of the LOG and REGISTRATION entries; other message types are left out.</summary>
    public static LogRow[] From(IReadOnlyList<SawmillMessage> entries, TimeProvider timeProvider)
    {
        var count = 0;
        foreach (var entry in entries)
        {
            if (entry is LogEntry or Registration)
                count++;
        }
        if (count == 0)
            return [];

        var rows = new LogRow[count];
        var text = new StringBuilder();
        var i = 0;
        foreach (var entry in entries)
        {
            switch (entry)
            {
                case LogEntry log:
                    rows[i++] = new LogRow(MessageTypes.Log, log.LogId, log.NodeId, log.ServiceName, log.LogLevel,
                        LogSchema.ToUnixMicroseconds(log.Timestamp), log.Message, log.ResponseTimeMs, log.ThresholdLimitMs,
                        log.ErrorDetails?.ErrorCode, log.ErrorDetails?.ErrorMessage, ComputePropsText(text, log), Serialize(log));
                    break;
                case Registration registration:
                    // The stored body carries the assigned id so that GetAsync returns what search found.
                    var stored = registration.LogId is null
                        ? registration with { LogId = Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N") }
                        : registration;
                    rows[i++] = new LogRow(MessageTypes.Registration, stored.LogId!, stored.NodeId, stored.ServiceName, Severity.Info,
                        LogSchema.ToUnixMicroseconds(stored.Timestamp), $"Node {stored.NodeId} registered ({stored.ServiceName})",
                        null, null, null, null, ComputePropsText(text, stored), Serialize(stored));
                    break;
            }
        }
        return rows;
    }

    private static string ComputePropsText(StringBuilder text, SawmillMessage entry)
    {
        text.Clear();
        PropertyText.Append(text, entry);
        return text.ToString();
    }

    private static string Serialize(SawmillMessage entry) => JsonSerializer.Serialize(entry, SawmillJsonContext.Default.SawmillMessage);
}
