using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Nodes;

/// <summary>Once the silo runs, activates every partition grain: each registers its liveness reminder and has the
/// nodes it lists as UP check their timeout at once, so a node that died while the silo was down is found one timeout
/// after the restart, and not only at the reminder's first tick. It does so again whenever a silo of the cluster is
/// declared dead: the node grains that lived there come back now, so a node that stops while its grain was gone is
/// still found one timeout later.</summary>
internal sealed class NodePartitionsStarter(IGrainFactory grains, IClusterMembershipService membership, IOptions<StreamPartitionOptions> partitioning,
    ILogger<NodePartitionsStarter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await StartAllAsync(stoppingToken);
        var dead = new HashSet<SiloAddress>();
        var first = true;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var died = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress)).Select(m => m.SiloAddress).ToList();
                // The first snapshot lists silos that died before this one started: nothing of theirs is left to bring back.
                if (first || died.Count == 0)
                {
                    first = false;
                    continue;
                }
                logger.LogWarning("Silo {Silos} died: its node grains are re-activated by their partitions' liveness check", string.Join(", ", died));
                await StartAllAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // Each partition until it answers: right after a silo died, a call may still be routed to it (SiloUnavailable).
    private async Task StartAllAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(Enumerable.Range(0, partitioning.Value.Partitions).Select(async p =>
        {
            var partition = grains.GetGrain<INodePartitionGrain>(p.ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
            {
                try
                {
                    await partition.StartAsync().AsTask().WaitAsync(stoppingToken);
                    return;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested && attempt < StartAttempts)
                {
                    logger.LogDebug(ex, "Partition {Partition} did not start (attempt {Attempt}); trying again", p, attempt);
                    await Task.Delay(RetryDelay, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Its reminder still stands; the partition's next message starts it too.
                    logger.LogError(ex, "Starting the liveness backstop of partition {Partition} failed", p);
                    return;
                }
            }
        }));
    }

    private const int StartAttempts = 20;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
}
