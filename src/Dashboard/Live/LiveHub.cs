using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard.Live;

/// <summary>/hubs/live for external clients: stream <c>Tail(filter)</c> for live entries (filtered on the server,
/// as the live tail page does) and <c>Alerts()</c> for alert notifications. JSON in snake_case, like the API.</summary>
public sealed class LiveHub(LiveFeed feed, AlertFeed alerts) : Hub
{
    public const string Path = "/hubs/live";

    public async IAsyncEnumerable<SawmillMessage> Tail(LiveFilter? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = feed.Subscribe(filter ?? LiveFilter.All);
        await foreach (var entry in subscription.Reader.ReadAllAsync(cancellationToken)) yield return entry;
    }

    public async IAsyncEnumerable<AlertNotification> Alerts([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = alerts.Subscribe();
        await foreach (var notification in subscription.Reader.ReadAllAsync(cancellationToken)) yield return notification;
    }
}
