using Microsoft.Extensions.Hosting;

namespace Sawmill.Client;

/// <summary>Starts the shipper with the host (registration, heartbeats) and stops it last: final flush, DOWN heartbeat.</summary>
internal sealed class SawmillClientLifetime(SawmillShipper shipper) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => shipper.StartAsync();

    public Task StopAsync(CancellationToken cancellationToken) => shipper.StopAsync();
}
