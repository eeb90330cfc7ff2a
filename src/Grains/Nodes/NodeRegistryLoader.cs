using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Sawmill.Grains.Nodes;

/// <summary>Fills the <see cref="NodeRegistry"/> from the stored node states when the silo starts.</summary>
internal sealed class NodeRegistryLoader(IServiceProvider services, NodeRegistry registry, ILogger<NodeRegistryLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetKeyedService<IGrainStorage>(StorageNames.GrainState) is not IGrainStateCatalog catalog)
        {
            logger.LogWarning("Grain storage {Name} cannot list its states: the node list starts empty and fills as nodes report", StorageNames.GrainState);
            return;
        }
        await foreach (var (key, state) in catalog.ReadAllAsync<NodeState>(NodeGrain.StateName, cancellationToken))
        {
            if (state.Known) registry.Restore(state.ToSummary(key));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
