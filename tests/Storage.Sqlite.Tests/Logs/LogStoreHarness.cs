using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Grains.Tests.Support;
using Sawmill.Storage.Sqlite;
using Sawmill.Storage.Sqlite.Logs;

namespace Sawmill.Storage.Sqlite.Tests.Logs;

/// <summary>A SqliteLogStore on a real file in a temp directory, with builders for entries and queries.</summary>
internal sealed class LogStoreHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory;

    public LogStoreHarness(LogStoreOptions? options = null, TempDirectory? directory = null)
    {
        _directory = directory ?? new TempDirectory();
        Options = options ?? new LogStoreOptions { Retention = TimeSpan.FromDays(3650) };
        Store = Open();
    }

    public LogStoreOptions Options { get; }

    public SqliteLogStore Store { get; private set; }

    public ManualTimeProvider Time { get; } = new(T0);

    public string DatabasePath => _directory.File("sawmill.db");

    /// <summary>The folder of the partition files.</summary>
    public string LogsPath => _directory.File("logs");

    /// <summary>The partition files, oldest first.</summary>
    public List<string> PartitionFiles() => Directory.Exists(LogsPath)
        ? Directory.GetFiles(LogsPath, "*.db").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>Disposes the store and opens a new one on the same file, as a restarted process would.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = Open();
    }

    public ValueTask AppendAsync(params SawmillMessage[] entries) => Store.AppendAsync(entries);

    /// <summary>The log ids of every entry matching the query, walking all pages, newest first.</summary>
    public async Task<List<string>> SearchIdsAsync(LogQuery query)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Store.SearchAsync(query with { Cursor = cursor, Limit = 1000 });
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

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _directory.Dispose();
    }

    private SqliteLogStore Open() => new(new SqliteDatabase(DatabasePath), Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<SqliteLogStore>.Instance);
}
