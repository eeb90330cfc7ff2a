using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sawmill.Storage.Sqlite.Streams;

namespace Sawmill.Silo.Tests.Support;

/// <summary>The embedded silo on real Kestrel at 127.0.0.1:0 over a fresh SQLite folder, wired exactly as Program.cs does.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private TestSilo(WebApplication app, string dataDirectory)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Client = new HttpClient(new DeliveredAfterAccept(DeliveredAsync)) { BaseAddress = AddressOf(app) };
    }

    /// <summary>A client of the silo's HTTP API; an accepted POST returns once its messages were delivered (<see cref="DeliveredAfterAccept"/>).</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>A client like <see cref="Client"/> that sends this API key as <c>Authorization: Bearer</c>.</summary>
    public HttpClient ClientWithKey(string key)
    {
        var client = new HttpClient(new DeliveredAfterAccept(DeliveredAsync)) { BaseAddress = Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public Microsoft.AspNetCore.Routing.EndpointDataSource Endpoints => Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>();

    /// <summary>Completes once everything the silo acknowledged so far was delivered to every consumer: indexed,
    /// applied by the node grains, seen by the alert grain and the live tail (the stream log's own signal).
    /// On Kafka streams there is no such signal: it completes at once and tests wait for what they expect.</summary>
    public Task DeliveredAsync() => Services.GetService<SqliteStreamLog>() is { } log
        ? Sawmill.Grains.Tests.Support.Await.Completes(log.WaitForDeliveryAsync(CancellationToken.None), "the acknowledged messages to reach every consumer")
        : Task.CompletedTask;

    public static async Task<TestSilo> StartAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? replace = null, int port = 0)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "sawmill-tests", Guid.NewGuid().ToString("N"));
        // The demo's sample services are not started unless a test asks for them.
        // OTLP/gRPC and syslog on free ports (several test silos run at once).
        // The SPEC's examples carry fixed times: a retention of ten years keeps them stored whatever today is.
        var configuration = new Dictionary<string, string?> { ["Demo:Enabled"] = "false", ["Storage:Retention"] = "3650.00:00:00", ["Otlp:GrpcPort"] = "0", ["Syslog:Port"] = "0" };
        foreach (var (key, value) in settings ?? []) configuration[key] = value;
        configuration["Silo:DataDirectory"] = dataDirectory;
        var builder = CreateBuilder(configuration, port);
        builder.AddSawmillSilo();
        replace?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapSawmillSilo();
        await app.StartAsync();
        return new TestSilo(app, dataDirectory);
    }

    /// <summary>A web host on real Kestrel at 127.0.0.1:<paramref name="port"/> with these settings. It carries the silo's
    /// application name, which finds its static web assets manifests (the dashboard's files) in the test's bin.</summary>
    public static WebApplicationBuilder CreateBuilder(Dictionary<string, string?> configuration, int port = 0)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ApplicationName = typeof(SiloHostingExtensions).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(configuration);
        return builder;
    }

    /// <summary>Where a started host listens.</summary>
    public static Uri AddressOf(WebApplication app)
        => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { /* the OS cleans its temp folder */ }
    }
}
