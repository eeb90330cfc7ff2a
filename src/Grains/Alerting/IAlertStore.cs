using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Alerting;

/// <summary>Where alerts are kept (SQLite embedded, PostgreSQL scale-out).</summary>
public interface IAlertStore
{
    /// <summary>Inserts or replaces these alerts in one transaction.</summary>
    ValueTask UpsertAsync(IReadOnlyCollection<Alert> alerts, CancellationToken cancellationToken = default);

    /// <summary>Alerts that are not resolved, for the alert grain to resume with.</summary>
    ValueTask<IReadOnlyList<Alert>> LoadActiveAsync(CancellationToken cancellationToken = default);

    /// <summary>The most recently seen alerts first, optionally of one status.</summary>
    ValueTask<IReadOnlyList<Alert>> ListAsync(AlertStatus? status, int limit, CancellationToken cancellationToken = default);

    ValueTask<Alert?> GetAsync(string alertId, CancellationToken cancellationToken = default);

    /// <summary>How many alerts have this status (an index count: nothing is read whole).</summary>
    ValueTask<long> CountAsync(AlertStatus status, CancellationToken cancellationToken = default);
}
