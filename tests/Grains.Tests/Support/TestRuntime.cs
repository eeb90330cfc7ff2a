using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sawmill.Grains.Runtime;
using Sawmill.Grains.Storage;

namespace Sawmill.Grains.Tests.Support;

/// <summary>A grain runtime over a real SQLite file and a manual clock, as a silo would build it.</summary>
public sealed class TestRuntime : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestRuntime(ServiceProvider services)
    {
        _services = services;
        Runtime = services.GetRequiredService<GrainRuntime>();
    }

    public GrainRuntime Runtime { get; }

    public static async Task<TestRuntime> StartAsync(string databasePath, ManualTimeProvider time, GrainProbe probe, Action<GrainRuntimeOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(probe);
        services.AddSingleton(new SqliteDatabase(databasePath));
        services.AddSingleton<IGrainStateStore, SqliteGrainStateStore>();
        services.AddSingleton<IReminderTable, SqliteReminderTable>();
        services.AddGrainRuntime();
        services.AddGrain<ICounterGrain, CounterGrain>();
        if (configure is not null) services.Configure(configure);
        var provider = services.BuildServiceProvider();
        var runtime = new TestRuntime(provider);
        await runtime.Runtime.StartAsync(CancellationToken.None);
        return runtime;
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await _services.DisposeAsync();
    }
}
