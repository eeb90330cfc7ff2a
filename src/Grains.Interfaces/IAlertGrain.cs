namespace Sawmill.Grains.Interfaces;

/// <summary>Turns critical logs and node failures into deduplicated alerts; one grain (key <see cref="Topics.AlertsKey"/>)
/// sees every service.</summary>
[Alias("Sawmill.IAlertGrain")]
public interface IAlertGrain : IGrainWithStringKey
{
    /// <summary>OPEN to ACKNOWLEDGED; null if there is no such alert.</summary>
    [Alias("Acknowledge")]
    ValueTask<Alert?> AcknowledgeAsync(string alertId, string? by);

    /// <summary>To RESOLVED; null if there is no such alert.</summary>
    [Alias("Resolve")]
    ValueTask<Alert?> ResolveAsync(string alertId, string? by);

    /// <summary>Subscribes or renews a lease on this grain's notifications; a lease not renewed expires.</summary>
    [Alias("Subscribe")]
    ValueTask SubscribeAsync(IAlertObserver observer);

    [Alias("Unsubscribe")]
    ValueTask UnsubscribeAsync(IAlertObserver observer);

    /// <summary>How many silos this activation notifies.</summary>
    [Alias("GetSubscriberCount")]
    ValueTask<int> GetSubscriberCountAsync();
}
