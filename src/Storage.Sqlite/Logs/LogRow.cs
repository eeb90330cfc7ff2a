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
    /// <summary>The rows of the LOG and REGISTRATION entries; other message types are left out, and so is an entry that
    /// cannot be made a row (<paramref name="rejected"/> hears of it), without touching the others.</summary>
    public static LogRow[] From(IReadOnlyList<SawmillMessage> entries, TimeProvider timeProvider, Action<SawmillMessage, Exception> rejected)
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
            try
            {
                if (Build(entry, text, timeProvider) is { } row) rows[i++] = row;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or JsonException or FormatException)
            {
                rejected(entry, ex);
            }
        }
        return i == rows.Length ? rows : rows[..i];
    }

    private static LogRow? Build(SawmillMessage entry, StringBuilder text, TimeProvider timeProvider)
    {
        switch (entry)
        {
            case LogEntry log:
                return new LogRow(MessageTypes.Log, log.LogId, log.NodeId, log.ServiceName, log.LogLevel,
                    LogSchema.ToUnixMicroseconds(log.Timestamp), log.Message, log.ResponseTimeMs, log.ThresholdLimitMs,
                    log.ErrorDetails?.ErrorCode, log.ErrorDetails?.ErrorMessage, ComputePropsText(text, log), Serialize(log));
            case Registration registration:
                // The stored body carries the assigned id so that GetAsync returns what search found.
                var stored = registration.LogId is null
                    ? registration with { LogId = Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N") }
                    : registration;
                return new LogRow(MessageTypes.Registration, stored.LogId!, stored.NodeId, stored.ServiceName, Severity.Info,
                    LogSchema.ToUnixMicroseconds(stored.Timestamp), $"Node {stored.NodeId} registered ({stored.ServiceName})",
                    null, null, null, null, ComputePropsText(text, stored), Serialize(stored));
            default:
                return null;
        }
    }

    private static string ComputePropsText(StringBuilder text, SawmillMessage entry)
    {
        text.Clear();
        PropertyText.Append(text, entry);
        return text.ToString();
    }

    private static string Serialize(SawmillMessage entry) => JsonSerializer.Serialize(entry, SawmillJsonContext.Default.SawmillMessage);
}
