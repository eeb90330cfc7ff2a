using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Nodes;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;
using Serilog;
using Serilog.Extensions.Logging;

namespace Sawmill.Client.Tests;

/// <summary>The client against a real silo on Kestrel at 127.0.0.1.</summary>
public sealed class ShipperTests
{
    private static SawmillClientOptions Options(Uri endpoint, string node, Action<SawmillClientOptions>? configure = null)
    {
        var options = new SawmillClientOptions { Endpoint = endpoint, ServiceName = "ClientTest", NodeId = node, FlushInterval = TimeSpan.FromMilliseconds(50), RetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(200) };
        configure?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task Logs_of_a_hosted_app_arrive_in_batches_with_registration_and_heartbeats()
    {
        await using var silo = await TestSilo.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddSawmill(o =>
        {
            var defaults = Options(silo.Client.BaseAddress!, "app-1");
            (o.Endpoint, o.ServiceName, o.NodeId, o.FlushInterval, o.BatchSize) = (defaults.Endpoint, defaults.ServiceName, defaults.NodeId, defaults.FlushInterval, 2);
            o.Metadata["version"] = "1.2.3";
        });
        using var app = builder.Build();
        await app.StartAsync();
        var logger = app.Services.GetRequiredService<ILogger<ShipperTests>>();
        logger.LogInformation("Order {OrderId} placed", 1);
        logger.LogWarning("Slow call took {ResponseTimeMs} ms", 900);
        logger.LogError(new TimeoutException("gateway"), "Payment failed");
        var shipper = app.Services.GetRequiredService<SawmillShipper>();
        await Await.Until(() => shipper.Pending == 0, "every entry to be accepted");
        await silo.DeliveredAsync();

        var entries = (await silo.Client.GetNode("/api/v1/logs?node=app-1&message_type=LOG&category=Sawmill.Client.Tests.ShipperTests"))["items"]!.AsArray();
        Assert.Equal(["ERROR", "WARN", "INFO"], entries.Select(e => (string)e!["log_level"]!));
        Assert.Equal(900, (double)entries[1]!["response_time_ms"]!);
        Assert.Equal("TimeoutException", (string?)entries[0]!["error_details"]!["error_code"]);
        var node = silo.Services.GetRequiredService<NodeRegistry>();
        await Await.Until(() => node.TryGet("app-1", out var n) && n.LastHeartbeat is not null && n.Metadata?["version"].GetString() == "1.2.3", "the node to register with its metadata and beat");
        await app.StopAsync();
    }

    [Fact]
    public async Task A_silo_down_for_a_while_loses_nothing_that_fits_the_buffer_and_reports_drops_beyond_it()
    {
        var port = FreePort.Pick();
        await using var shipper = new SawmillShipper(Options(new Uri($"http://127.0.0.1:{port}"), "offline-1", o => o.BufferCapacity = 100));
        await shipper.StartAsync();
        for (var i = 0; i < 150; i++) shipper.Enqueue(Entry(shipper, $"e{i:D3}"));
        await Await.Until(() => shipper.FailedRequests >= 2, "the client to retry while the silo is down");
        Assert.Equal(50, shipper.Dropped);

        await using var silo = await TestSilo.StartAsync(port: port);
        await Await.Until(() => shipper.Sent == 100, "the buffered entries to arrive once the silo is up");
        await silo.DeliveredAsync();
        var stored = (await silo.Client.GetNode("/api/v1/logs?node=offline-1&message_type=LOG&limit=1000"))["items"]!.AsArray().Select(e => (string)e!["log_id"]!).Order();
        Assert.Equal(Enumerable.Range(50, 100).Select(i => $"e{i:D3}"), stored);
    }

    [Fact]
    public async Task Shutdown_flushes_what_is_buffered_and_says_goodbye()
    {
        await using var silo = await TestSilo.StartAsync();
        var shipper = new SawmillShipper(Options(silo.Client.BaseAddress!, "leaving-1", o => o.FlushInterval = TimeSpan.FromHours(1)));
        await shipper.StartAsync();
        for (var i = 0; i < 10; i++) shipper.Enqueue(Entry(shipper, $"f{i}"));

        await shipper.DisposeAsync();

        Assert.Equal(10, shipper.Sent);
        var registry = silo.Services.GetRequiredService<NodeRegistry>();
        await Await.Until(() => registry.TryGet("leaving-1", out var n) && n.Status == NodeStatus.Down, "the goodbye heartbeat to mark the node DOWN");
        Assert.Empty((await silo.Client.GetNode("/api/v1/alerts")).AsArray());
    }

    [Fact]
    public async Task Serilog_apps_ship_through_the_provider()
    {
        await using var silo = await TestSilo.StartAsync();
        await using var shipper = new SawmillShipper(Options(silo.Client.BaseAddress!, "serilog-1"));
        await shipper.StartAsync();
        var providers = new LoggerProviderCollection();
        providers.AddProvider(new SawmillLoggerProvider(shipper, TimeProvider.System));
        using (var serilog = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Providers(providers).CreateLogger())
        {
            serilog.ForContext("Tenant", "acme").Warning("Disk {Disk} at {Percent}%", "/var", 91);
        }
        await Await.Until(() => shipper.Sent == 1, "the Serilog event to be accepted");
        await silo.DeliveredAsync();

        var entry = (await silo.Client.GetNode("/api/v1/logs?node=serilog-1&message_type=LOG"))["items"]!.AsArray().Single()!;
        Assert.Equal(("WARN", "Disk \"/var\" at 91%", "acme"), ((string?)entry["log_level"], (string?)entry["message"], (string?)entry["Tenant"]));
    }

    private static LogEntry Entry(SawmillShipper shipper, string id) => new()
    {
        NodeId = shipper.NodeId, ServiceName = shipper.ServiceName, LogId = id, LogLevel = Severity.Info, Message = $"entry {id}", Timestamp = DateTimeOffset.UtcNow,
    };
}
