namespace Sawmill.Grains.Interfaces;

/// <summary>Turns critical logs and node failures into deduplicated alerts; one grain for the silo.</summary>
public interface IAlertGrain : IGrainWithStringKey, ITopicSubscriber
{
    /// <summary>OPEN to ACKNOWLEDGED; null if there is no such alert.</summary>
    ValueTask<Alert?> AcknowledgeAsync(string alertId, string? by);

    /// <summary>To RESOLVED; null if there is no such alert.</summary>
    ValueTask<Alert?> ResolveAsync(string alertId, string? by);
}
