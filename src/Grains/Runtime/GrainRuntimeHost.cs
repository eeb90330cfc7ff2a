using Microsoft.Extensions.Hosting;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Runtime;

/// <summary>Starts the runtime and its implicit subscriptions with the host; on stop, ends consumption, then deactivates every grain.</summary>
internal sealed class GrainRuntimeHost(GrainRuntime runtime, GrainTypeRegistry registry, ITopicProvider topics) : IHostedService
{
    private readonly List<ITopicSubscriptionHandle> _subscriptions = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await runtime.StartAsync(cancellationToken);
        foreach (var type in registry.All)
        {
            foreach (var subscription in ImplicitSubscriptions.For(runtime, type)) _subscriptions.Add(topics.Subscribe(subscription));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions) await subscription.DisposeAsync();
        _subscriptions.Clear();
        await runtime.DisposeAsync();
    }
}
