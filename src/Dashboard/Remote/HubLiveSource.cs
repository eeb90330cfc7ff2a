using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sawmill.Dashboard.Live;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard.Remote;

/// <summary>Feeds a standalone dashboard from a silo's /hubs/live with the .NET SignalR client: every entry
/// (<c>Tail</c>) into the live feed and every alert notification (<c>Alerts</c>) into the alert feed. The client
/// reconnects by itself every <c>Silo:ReconnectDelay</c>; streams do not survive a reconnect, so both are opened again
/// on each connection. The silo thins its push under load exactly as it does for the browser.</summary>
public sealed class HubLiveSource(
    IOptions<RemoteSiloOptions> options,
    LiveFeed feed,
    AlertFeed alerts,
    TimeProvider timeProvider,
    ILogger<HubLiveSource> logger) : BackgroundService
{
    private const int BatchSize = 256;
    private volatile TaskCompletionSource _connected = NewSignal();
    private volatile TaskCompletionSource _stateChanged = NewSignal();

    /// <summary>Whether both streams are subscribed right now.</summary>
    public bool IsConnected => _connected.Task.IsCompleted;

    /// <summary>Completes once both streams are subscribed (the current connection, or the next one).</summary>
    public Task Connected => _connected.Task;

    /// <summary>A client of a silo's live hub speaking its snake_case JSON, reconnecting for as long as it runs.</summary>
    // The key goes as a bearer token: the .NET client sends it as a header on negotiate and on the WebSocket.
    private static HubConnection Connect(Uri silo, TimeSpan reconnectDelay, string? apiKey) => new HubConnectionBuilder()
        .WithUrl(new Uri(silo, LiveHub.Path), http =>
        {
            if (!string.IsNullOrWhiteSpace(apiKey)) http.AccessTokenProvider = () => Task.FromResult<string?>(apiKey);
        })
        .AddJsonProtocol(o => SawmillJson.Configure(o.PayloadSerializerOptions))
        .WithAutomaticReconnect(new EveryDelay(reconnectDelay))
        .Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var silo = options.Value.Url ?? throw new InvalidOperationException("Silo:Url is not set.");
        await using var connection = Connect(silo, options.Value.ReconnectDelay, options.Value.ApiKey);
        connection.Reconnecting += _ => Changed();
        connection.Reconnected += _ => Changed();
        connection.Closed += _ => Changed();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (connection.State == HubConnectionState.Disconnected) await connection.StartAsync(stoppingToken);
                var entries = await connection.StreamAsChannelAsync<SawmillMessage>(nameof(LiveHub.Tail), (LiveFilter?)null, stoppingToken);
                var notifications = await connection.StreamAsChannelAsync<AlertNotification>(nameof(LiveHub.Alerts), stoppingToken);
                logger.LogInformation("Streaming live entries and alerts from {Silo}{Hub}", silo, LiveHub.Path);
                _connected.TrySetResult();
                // Both streams end when the connection is lost.
                await Task.WhenAll(PumpEntriesAsync(entries, stoppingToken), PumpAlertsAsync(notifications, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Lost the silo's live hub {Silo}{Hub} ({Reason}); reconnecting every {Delay}", silo, LiveHub.Path, ex.Message, options.Value.ReconnectDelay);
            }
            finally
            {
                if (_connected.Task.IsCompleted) _connected = NewSignal();
            }
            try
            {
                await UntilSettledAsync(connection, stoppingToken);
                // A first connection that failed is not retried by the client itself.
                if (connection.State == HubConnectionState.Disconnected) await Task.Delay(options.Value.ReconnectDelay, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Waits while the client is reconnecting: until it is connected again, or has given up.</summary>
    private async Task UntilSettledAsync(HubConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = _stateChanged.Task;
            if (connection.State is HubConnectionState.Connected or HubConnectionState.Disconnected) return;
            await changed.WaitAsync(cancellationToken);
        }
    }

    private Task Changed()
    {
        Interlocked.Exchange(ref _stateChanged, NewSignal()).TrySetResult();
        return Task.CompletedTask;
    }

    private async Task PumpEntriesAsync(ChannelReader<SawmillMessage> items, CancellationToken cancellationToken)
    {
        var batch = new List<SawmillMessage>(BatchSize);
        while (await items.WaitToReadAsync(cancellationToken))
        {
            while (batch.Count < BatchSize && items.TryRead(out var item)) batch.Add(item);
            feed.Accept(batch);
            batch.Clear();
        }
        await items.Completion;
    }

    private async Task PumpAlertsAsync(ChannelReader<AlertNotification> items, CancellationToken cancellationToken)
    {
        await foreach (var item in items.ReadAllAsync(cancellationToken)) alerts.Publish([item]);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Retry after the same delay, for as long as the host runs.</summary>
    private sealed class EveryDelay(TimeSpan delay) : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => delay;
    }
}
