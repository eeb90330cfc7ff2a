using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Nodes;
using Sawmill.Grains.Streams;
using Sawmill.Storage.Sqlite;

namespace Sawmill.Grains.Tests.Support;

/// <summary>The grains on a real Orleans silo with the embedded SQLite providers, as the silo hosts them but without HTTP,
/// with channels that observe what they emit. Real time: keep timeouts short in the settings.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly AlertSubscription _alerts;

    private TestHost(IHost host)
    {
        _host = host;
        Registry = host.Services.GetRequiredService<NodeRegistry>();
        Registry.Changed += node => NodeChanges.Writer.TryWrite(node);
        _alerts = host.Services.GetRequiredService<AlertFeed>().Subscribe();
        NodeEvents = host.Services.GetRequiredService<NodeEventProbe>().Events;
    }

    public IServiceProvider Services => _host.Services;

    public NodeRegistry Registry { get; }

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>Every NODE_FAILURE and NODE_RECOVERED on the node_failure topic.</summary>
    public Channel<SawmillMessage> NodeEvents { get; }

    /// <summary>Every summary a node grain posted to the registry (after its timer and reminder are set).</summary>
    public Channel<NodeSummary> NodeChanges { get; } = Channel.CreateUnbounded<NodeSummary>();

    public ChannelReader<AlertNotification> Alerts => _alerts.Reader;

    /// <summary>Starts a silo over the SQLite files of <paramref name="dataDirectory"/> (a restart reuses them).</summary>
    public static async Task<TestHost> StartAsync(string dataDirectory, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? replace = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        // Tests use fixed times: a retention of ten years keeps them stored whatever today is.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Retention"] = "3650.00:00:00" });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<NodeEventProbe>();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: FreePort.Pick(), gatewayPort: 0, serviceId: "sawmill-tests", clusterId: Guid.NewGuid().ToString("N"))
            .UseSawmillSqlite(_ => dataDirectory));
        builder.Services.AddSawmillGrains();
        replace?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestHost(host);
    }

    /// <summary>Publishes as ingestion does (all_logs by node, critical_logs for ERROR and FATAL); durable on return.</summary>
    public Task PublishAsync(params SawmillMessage[] messages) => Services.GetRequiredService<EventPublisher>().PublishAsync(messages, CancellationToken.None);

    /// <summary>Waits until the node's grain has posted a summary that satisfies the condition.</summary>
    public async Task<NodeSummary> NodeAsync(string nodeId, Func<NodeSummary, bool> condition, string expected)
    {
        while (true)
        {
            var node = await Await.Next(NodeChanges.Reader, expected);
            if (node.NodeId == nodeId && condition(node)) return node;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _alerts.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }
}
