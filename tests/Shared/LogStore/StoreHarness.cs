using System.Text.Json;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Grains.Tests.Support;

namespace Sawmill.LogStore.Contract;

/// <summary>A log store under test (SQLite files or a PostgreSQL database) on a manual clock, with the builders of
/// entries and queries the store contract tests share.</summary>
public abstract class StoreHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public ManualTimeProvider Time { get; } = new(T0);

    /// <summary>The store as the contract sees it.</summary>
    public abstract ILogStore LogStore { get; }

    /// <summary>Disposes the store and opens a new one on the same data, as a restarted process would.</summary>
    public abstract Task ReopenAsync();

    public ValueTask AppendAsync(params SawmillMessage[] entries) => LogStore.AppendAsync(entries);

    /// <summary>The log ids of every entry matching the query, walking all pages, newest first.</summary>
    public async Task<List<string>> SearchIdsAsync(LogQuery query)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await LogStore.SearchAsync(query with { Cursor = cursor, Limit = 1000 });
            ids.AddRange(page.Items.Select(LogIdOf));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return ids;
    }

    public static string LogIdOf(SawmillMessage message) => message switch
    {
        LogEntry log => log.LogId,
        Registration registration => registration.LogId!,
        _ => throw new InvalidOperationException($"Unexpected {message.MessageType} in the log store"),
    };

    public static LogEntry Log(string logId, int minute = 0, Severity level = Severity.Info, string message = "",
        string service = "PaymentService", string node = "n1") => new()
    {
        LogId = logId,
        NodeId = node,
        ServiceName = service,
        LogLevel = level,
        Message = message,
        Timestamp = T0.AddMinutes(minute),
    };

    /// <summary>Extra properties from a JSON object literal.</summary>
    public static Dictionary<string, JsonElement> Properties(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    /// <summary>"start Info=2 Error=1": a histogram bucket as one comparable line.</summary>
    public static string DescribeBucket(HistogramBucket bucket) =>
        $"{bucket.Start:O} " + string.Join(" ", bucket.Counts.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"));

    public static string Json(SawmillMessage message) => JsonSerializer.Serialize(message, SawmillJsonContext.Default.SawmillMessage);

    public abstract ValueTask DisposeAsync();
}
