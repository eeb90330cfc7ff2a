using Microsoft.Extensions.Hosting;
using Sawmill.Grains.Runtime;

namespace Sawmill.Grains.Nodes;

/// <summary>Fills the <see cref="NodeRegistry"/> from the stored node states when the silo starts.</summary>
internal sealed class NodeRegistryLoader(IGrainStateStore store, NodeRegistry registry) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (key, state) in await store.ReadAllAsync<NodeState>(nameof(NodeGrain), cancellationToken))
        {
            if (state.Known) registry.Restore(state.ToSummary(key));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
