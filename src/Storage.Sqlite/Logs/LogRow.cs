using System.Text;
using System.Text.Json;
using Sawmill.Grains.Storage;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The column values of one entry, computed on the caller's thread so the single writer only binds them.</summary>
internal readonly record struct LogRow(
    SawmillMessage Entry,
    int Type,
    string LogIdText,
    object LogId,
    string NodeId,
    string ServiceName,
    Severity Level,
    long Ts,
    long? Clock,
    string Message,
    double? ResponseTimeMs,
    double? ThresholdLimitMs,
    string? ErrorCode,
    string? ErrorMessage,
    string? Extra,
    string? Shared,
    string Text)
{
    public const int LogType = 0;
    public const int RegistrationType = 1;

    /// <summary>The rows of the LOG and REGISTRATION entries; other message types are left out, and so is an entry that
    /// cannot be made a row (<paramref name="rejected"/> hears of it), without touching the others.</summary>
    public static LogRow[] From(IReadOnlyList<SawmillMessage> entries, TimeProvider timeProvider, RepeatedValues repeated, Action<SawmillMessage, Exception> rejected)
    {
        // One array (a batch's rows are large enough for the large object heap: no list to grow and copy).
        var rows = new LogRow[entries.Count];
        var count = 0;
        var text = new StringBuilder();
        var json = new EntryCodec.JsonScratch();
        foreach (var entry in entries)
        {
            try
            {
                if (Build(entry, text, json, timeProvider, repeated) is { } row) rows[count++] = row;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or JsonException or FormatException)
            {
                rejected(entry, ex);
            }
        }
        return count == rows.Length ? rows : rows[..count];
    }

    private static LogRow? Build(SawmillMessage entry, StringBuilder text, EntryCodec.JsonScratch json, TimeProvider timeProvider, RepeatedValues repeated)
    {
        switch (entry)
        {
            case LogEntry log:
                var (extra, shared) = EntryCodec.Extra(log, repeated, json);
                return new LogRow(log, LogType, log.LogId, EntryCodec.EncodeLogId(log.LogId), log.NodeId, log.ServiceName, log.LogLevel,
                    UnixMicros.From(log.Timestamp), EntryCodec.Clock(log.Timestamp), log.Message, log.ResponseTimeMs, log.ThresholdLimitMs,
                    log.ErrorDetails?.ErrorCode, log.ErrorDetails?.ErrorMessage, extra, shared, PropertyText.SearchText(text, log, log.Message));
            case Registration registration:
                // The stored entry carries the assigned id so that GetAsync returns what search found.
                var stored = registration.LogId is null
                    ? registration with { LogId = Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N") }
                    : registration;
                (extra, shared) = EntryCodec.Extra(stored, repeated, json);
                return new LogRow(stored, RegistrationType, stored.LogId!, EntryCodec.EncodeLogId(stored.LogId!), stored.NodeId, stored.ServiceName, Severity.Info,
                    UnixMicros.From(stored.Timestamp), EntryCodec.Clock(stored.Timestamp), "", null, null, null, null, extra, shared,
                    PropertyText.SearchText(text, stored, PropertyText.RegistrationMessage(stored)));
            default:
                return null;
        }
    }
}
