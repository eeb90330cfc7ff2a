using Microsoft.Extensions.Hosting;
using Orleans;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Nodes;

/// <summary>Once the silo runs, activates every partition grain: each registers its liveness reminder and has the
/// nodes it lists as UP check their timeout at once, so a node that died while the silo was down is found one timeout
/// after the restart, and not only at the reminder's first tick.</summary>
internal sealed class NodePartitionsStarter(IGrainFactory grains, IOptions<StreamPartitionOptions> partitioning, ILogger<NodePartitionsStarter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(0, partitioning.Value.Partitions)
                .Select(p => grains.GetGrain<INodePartitionGrain>(p.ToString(System.Globalization.CultureInfo.InvariantCulture)).StartAsync().AsTask()))
                .WaitAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The reminders of partitions already started still stand; the next message of a partition starts it too.
            logger.LogError(ex, "Starting the node partitions' liveness backstop failed");
        }
    }
}
