using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sawmill.Dashboard.Live;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard.Remote;

/// <summary>Feeds a standalone dashboard from a silo's /hubs/live: every entry (<c>Tail</c>) into the live feed and every
/// alert notification (<c>Alerts</c>) into the alert feed, reconnecting after the configured delay when the silo goes away.
/// The silo thins its push under load exactly as it does for the browser.</summary>
public sealed class HubLiveSource(
    IOptions<RemoteSiloOptions> options,
    LiveFeed feed,
    AlertFeed alerts,
    TimeProvider timeProvider,
    ILogger<HubLiveSource> logger) : BackgroundService
{
    private const int StreamCapacity = 8192, BatchSize = 256;
    private volatile TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether both streams are subscribed right now.</summary>
    public bool IsConnected => _connected.Task.IsCompleted;

    /// <summary>Completes once both streams are subscribed (the current connection, or the next one).</summary>
    public Task Connected => _connected.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var hub = new Uri(options.Value.Url ?? throw new InvalidOperationException("Silo:Url is not set."), LiveHub.Path);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await SignalRJsonConnection.ConnectAsync(hub, stoppingToken);
                var entries = await connection.StreamAsync(nameof(LiveHub.Tail), [null], StreamCapacity, SawmillJson.Options, stoppingToken);
                var notifications = await connection.StreamAsync(nameof(LiveHub.Alerts), [], StreamCapacity, SawmillJson.Options, stoppingToken);
                logger.LogInformation("Streaming live entries and alerts from {Hub}", hub);
                _connected.TrySetResult();
                await Task.WhenAll(PumpEntriesAsync(entries, stoppingToken), PumpAlertsAsync(notifications, stoppingToken));
                await connection.Closed;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Lost the silo's live hub {Hub} ({Reason}); reconnecting in {Delay}", hub, ex.Message, options.Value.ReconnectDelay);
            }
            finally
            {
                if (_connected.Task.IsCompleted) _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            try { await Task.Delay(options.Value.ReconnectDelay, timeProvider, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task PumpEntriesAsync(ChannelReader<JsonElement> items, CancellationToken cancellationToken)
    {
        var batch = new List<SawmillMessage>(BatchSize);
        while (await items.WaitToReadAsync(cancellationToken))
        {
            while (batch.Count < BatchSize && items.TryRead(out var item))
            {
                if (item.Deserialize<SawmillMessage>(SawmillJson.Options) is { } message) batch.Add(message);
            }
            feed.Accept(batch);
            batch.Clear();
        }
        await items.Completion;
    }

    private async Task PumpAlertsAsync(ChannelReader<JsonElement> items, CancellationToken cancellationToken)
    {
        await foreach (var item in items.ReadAllAsync(cancellationToken))
        {
            if (item.Deserialize<AlertNotification>(SawmillJson.Options) is { } notification) alerts.Publish([notification]);
        }
    }
}
