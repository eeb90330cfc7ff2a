using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Nodes;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Tests.Support;

/// <summary>The embedded grains as the silo hosts them (runtime, topics, indexer, node and alert grains, SQLite),
/// without HTTP, on a manual clock, with channels that observe what they emit.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly ITopicSubscriptionHandle _failureObserver;
    private readonly AlertSubscription _alerts;

    private TestHost(IHost host)
    {
        _host = host;
        Topics = host.Services.GetRequiredService<ITopicProvider>();
        Registry = host.Services.GetRequiredService<NodeRegistry>();
        Registry.Changed += node => NodeChanges.Writer.TryWrite(node);
        _alerts = host.Services.GetRequiredService<AlertFeed>().Subscribe();
        _failureObserver = Topics.Subscribe(new TopicSubscription(Interfaces.Topics.NodeFailure, "test-observer", (batch, _) =>
        {
            foreach (var message in batch.Messages) NodeEvents.Writer.TryWrite(message.Value);
            return ValueTask.CompletedTask;
        }));
    }

    public IServiceProvider Services => _host.Services;

    public ITopicProvider Topics { get; }

    public NodeRegistry Registry { get; }

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>Every NODE_FAILURE and NODE_RECOVERED on the node_failure topic.</summary>
    public Channel<SawmillMessage> NodeEvents { get; } = Channel.CreateUnbounded<SawmillMessage>();

    /// <summary>Every summary a node grain posted to the registry (after its timer and reminder are set).</summary>
    public Channel<NodeSummary> NodeChanges { get; } = Channel.CreateUnbounded<NodeSummary>();

    public ChannelReader<AlertNotification> Alerts => _alerts.Reader;

    public static async Task<TestHost> StartAsync(string databasePath, TimeProvider time, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? replace = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(time);
        replace?.Invoke(builder.Services);
        builder.Services.AddSqliteStorage(_ => databasePath);
        builder.Services.AddSawmillGrains();
        var host = builder.Build();
        await host.StartAsync();
        return new TestHost(host);
    }

    public ValueTask PublishAsync(params SawmillMessage[] messages) => Topics.PublishAsync(Interfaces.Topics.AllLogs, messages);

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
        await _failureObserver.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
    }
}
