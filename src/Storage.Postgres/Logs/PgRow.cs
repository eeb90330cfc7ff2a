using System.Text;
using System.Text.Json;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Postgres.Logs;

/// <summary>The column values of one entry, computed on the caller's thread so the writer only sends them.</summary>
internal readonly record struct PgRow(
    long Ts,
    string NodeId,
    string LogId,
    string ServiceName,
    short Level,
    short Type,
    string Message,
    double? ResponseTimeMs,
    double? ThresholdLimitMs,
    string? ErrorCode,
    string? ErrorMessage,
    string? Extra,
    string Search,
    string Body)
{
    /// <summary>The rows of the LOG and REGISTRATION entries; other message types are left out, and so is an entry that
    /// cannot be made a row (<paramref name="rejected"/> hears of it), without touching the others.</summary>
    public static List<PgRow> From(IReadOnlyList<SawmillMessage> entries, TimeProvider timeProvider, Action<SawmillMessage, Exception> rejected)
    {
        var rows = new List<PgRow>(entries.Count);
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            try
            {
                if (Build(entry, text, timeProvider) is { } row) rows.Add(row);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or JsonException or FormatException or NotSupportedException)
            {
                rejected(entry, ex);
            }
        }
        return rows;
    }

    private static PgRow? Build(SawmillMessage entry, StringBuilder text, TimeProvider timeProvider)
    {
        switch (entry)
        {
            case LogEntry log:
                return new PgRow(UnixMicros.From(log.Timestamp), Clean(log.NodeId), Clean(log.LogId), Clean(log.ServiceName), (short)log.LogLevel,
                    PgSchema.LogType, Clean(log.Message), log.ResponseTimeMs, log.ThresholdLimitMs, CleanOrNull(log.ErrorDetails?.ErrorCode),
                    CleanOrNull(log.ErrorDetails?.ErrorMessage), ExtraOf(log.Properties, log.ErrorDetails?.Properties),
                    PgText.Vector(PropertyText.SearchText(text, log, log.Message)), BodyOf(log));
            case Registration registration:
                // The stored entry carries the assigned id so that GetAsync returns what search found.
                var stored = registration.LogId is null
                    ? registration with { LogId = Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N") }
                    : registration;
                return new PgRow(UnixMicros.From(stored.Timestamp), Clean(stored.NodeId), Clean(stored.LogId!), Clean(stored.ServiceName), (short)Severity.Info,
                    PgSchema.RegistrationType, "", null, null, null, null, ExtraOf(stored.Properties, null),
                    PgText.Vector(PropertyText.SearchText(text, stored, PropertyText.RegistrationMessage(stored))), BodyOf(stored));
            default:
                return null;
        }
    }

    /// <summary>The entry as its stored JSON reads back.</summary>
    public static SawmillMessage Read(string body) =>
        JsonSerializer.Deserialize(body, SawmillJsonContext.Default.SawmillMessage) ?? throw new JsonException("A stored entry reads as null.");

    private static string BodyOf(SawmillMessage entry) => JsonSerializer.Serialize(entry, SawmillJsonContext.Default.SawmillMessage);

    // The fields without a column, for property filters: the extra properties, and error_details' own under its name.
    private static string? ExtraOf(Dictionary<string, JsonElement>? properties, Dictionary<string, JsonElement>? errorProperties)
    {
        if (properties is not { Count: > 0 } && errorProperties is not { Count: > 0 }) return null;
        var all = new Dictionary<string, JsonElement>(properties ?? []);
        if (errorProperties is { Count: > 0 }) all["error_details"] = JsonSerializer.SerializeToElement(errorProperties, SawmillJsonContext.Default.DictionaryStringJsonElement);
        // jsonb refuses \u0000; a filter can never name it anyway.
        return JsonSerializer.Serialize(all, SawmillJsonContext.Default.DictionaryStringJsonElement).Replace("\\u0000", "\\uFFFD", StringComparison.Ordinal);
    }

    // PostgreSQL text cannot hold NUL: the columns filters read get U+FFFD instead (the body keeps it, JSON-escaped).
    private static string Clean(string value) => (value ?? throw new ArgumentException("A required field is missing.")).Contains('\0') ? value.Replace('\0', '\uFFFD') : value;

    private static string? CleanOrNull(string? value) => value is null ? null : Clean(value);
}
