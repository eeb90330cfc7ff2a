using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Tests.Support;
using Sawmill.Storage.Sqlite.Streams;

namespace Sawmill.Storage.Sqlite.Tests.Streams;

/// <summary>A stream log on a real streams.db in a temp folder, with Orleans' serializer for its payloads.</summary>
internal sealed class StreamLogHarness : IAsyncDisposable
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(SawmillMessage).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private readonly TempDirectory _directory = new();
    private readonly SqliteStreamOptions _options;

    public StreamLogHarness(SqliteStreamOptions? options = null)
    {
        _options = options ?? new SqliteStreamOptions();
        Log = Open();
    }

    public SqliteStreamLog Log { get; private set; }

    public ManualTimeProvider Time { get; } = new(Some.Time);

    /// <summary>Closes the log and opens it again on the same file, as a silo restarted after a crash would.</summary>
    public async Task ReopenAsync()
    {
        await Log.DisposeAsync();
        Log = Open();
    }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        _directory.Dispose();
    }

    private SqliteStreamLog Open() => new(_directory.File("streams.db"), Serializer, Options.Create(_options), Time, NullLogger<SqliteStreamLog>.Instance);
}
