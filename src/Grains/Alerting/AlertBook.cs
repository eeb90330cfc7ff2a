using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Alerting;

/// <summary>The alert rules, deduplication and lifecycle, free of any runtime: feed it events, get notifications.</summary>
public sealed class AlertBook(AlertingOptions options, Func<string> newId)
{
    private readonly Dictionary<string, Alert> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _activeByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _recentErrors = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string> _groupBy = options.GroupFieldSet();

    /// <summary>Alerts not resolved yet (OPEN or ACKNOWLEDGED).</summary>
    public IReadOnlyCollection<Alert> Active => _active.Values;

    /// <summary>Takes back the unresolved alerts stored before a restart.</summary>
    public void Load(IEnumerable<Alert> alerts)
    {
        foreach (var alert in alerts.Where(a => a.Status != AlertStatus.Resolved).OrderBy(a => a.LastSeen))
        {
            _active[alert.AlertId] = alert;
            _activeByKey[Key(alert.Rule, alert.ServiceName, alert.NodeId, alert.ErrorCode)] = alert.AlertId;
        }
    }

    public IEnumerable<AlertNotification> OnLog(LogEntry entry, DateTimeOffset now)
    {
        var code = entry.ErrorDetails?.ErrorCode;
        var text = entry.Message.Length > 0 ? entry.Message : entry.ErrorDetails?.ErrorMessage ?? "(no message)";
        // The alert's group: the fields of Alerting:GroupBy; what is left out is not part of the alert's identity.
        var node = _groupBy.Contains("node") ? entry.NodeId : null;
        var groupCode = _groupBy.Contains("error_code") ? code : null;
        var where = node is not null ? $"on {node}" : $"in {entry.ServiceName}";
        var what = groupCode is not null ? $"{groupCode}: {text}" : text;
        if (entry.LogLevel == Severity.Fatal)
        {
            yield return Raise(AlertRule.Fatal, AlertSeverity.Critical, entry.ServiceName, node, groupCode, $"FATAL {where}: {what}", entry.LogId, now, entry.NodeId);
        }
        else if (entry.LogLevel >= options.MinimumLevel)
        {
            yield return Raise(AlertRule.Error, AlertSeverity.Error, entry.ServiceName, node, groupCode, $"{entry.LogLevel.Name()} {where}: {what}", entry.LogId, now, entry.NodeId);
        }

        if (options.ErrorRateThreshold > 0 && entry.LogLevel.IsCritical() && ErrorRateExceeded(entry.ServiceName, now))
        {
            yield return Raise(AlertRule.ErrorRate, AlertSeverity.Warning, entry.ServiceName, null, null,
                $"{entry.ServiceName}: more than {options.ErrorRateThreshold} errors within {options.ErrorRateWindow.TotalSeconds:0.#} s", entry.LogId, now, entry.NodeId);
        }
    }

    public IEnumerable<AlertNotification> OnNodeFailure(NodeFailure failure, DateTimeOffset now)
    {
        if (!options.NodeFailureAlerts) yield break;
        yield return Raise(AlertRule.NodeFailure, AlertSeverity.Critical, failure.ServiceName, failure.NodeId, null,
            $"Node {failure.NodeId} of {failure.ServiceName} is down: {failure.Reason}", null, now, failure.NodeId);
    }

    /// <summary>A node that recovers resolves its node-failure alerts.</summary>
    public IEnumerable<AlertNotification> OnNodeRecovered(NodeRecovered recovered, DateTimeOffset now)
        => _active.Values
            .Where(a => a.Rule == AlertRule.NodeFailure && a.NodeId == recovered.NodeId)
            .ToList()
            .Select(a => Close(a, now, "node recovered"));

    public AlertNotification? Acknowledge(string alertId, string? by, DateTimeOffset now)
    {
        if (!_active.TryGetValue(alertId, out var alert) || alert.Status != AlertStatus.Open) return null;
        var acknowledged = alert with { Status = AlertStatus.Acknowledged, AcknowledgedAt = now, AcknowledgedBy = by };
        _active[alertId] = acknowledged;
        return new AlertNotification(AlertChange.Acknowledged, acknowledged);
    }

    public AlertNotification? Resolve(string alertId, string? by, DateTimeOffset now)
        => _active.TryGetValue(alertId, out var alert) ? Close(alert, now, by) : null;

    private AlertNotification Close(Alert alert, DateTimeOffset now, string? by)
    {
        var resolved = alert with { Status = AlertStatus.Resolved, ResolvedAt = now, ResolvedBy = by };
        _active.Remove(alert.AlertId);
        var key = Key(alert.Rule, alert.ServiceName, alert.NodeId, alert.ErrorCode);
        if (_activeByKey.GetValueOrDefault(key) == alert.AlertId) _activeByKey.Remove(key);
        return new AlertNotification(AlertChange.Resolved, resolved);
    }

    private AlertNotification Raise(AlertRule rule, AlertSeverity severity, string service, string? node, string? code, string title, string? logId, DateTimeOffset now, string fromNode)
    {
        var key = Key(rule, service, node, code);
        if (_activeByKey.TryGetValue(key, out var id) && _active.TryGetValue(id, out var open) && now - open.LastSeen <= options.DedupWindow)
        {
            var repeated = open with
            {
                Count = open.Count + 1,
                LastSeen = now,
                LastLogId = logId ?? open.LastLogId,
                Nodes = open.Nodes.Contains(fromNode) || open.Nodes.Length >= Alert.MaxNodes ? open.Nodes : [.. open.Nodes, fromNode],
                PerMinute = CountMinute(open.PerMinute, open.LastSeen, now),
            };
            _active[id] = repeated;
            return new AlertNotification(AlertChange.Updated, repeated);
        }
        var alert = new Alert
        {
            AlertId = newId(),
            Rule = rule,
            Severity = severity,
            ServiceName = service,
            NodeId = node,
            ErrorCode = code,
            Title = title.Length > 300 ? title[..300] : title,
            FirstSeen = now,
            LastSeen = now,
            LastLogId = logId,
            Nodes = [fromNode],
            PerMinute = CountMinute([], now, now),
        };
        _active[alert.AlertId] = alert;
        _activeByKey[key] = alert.AlertId;
        return new AlertNotification(AlertChange.Opened, alert);
    }

    /// <summary>Counts the error in its service's sliding window; true when the window holds more than the threshold.</summary>
    private bool ErrorRateExceeded(string service, DateTimeOffset now)
    {
        if (!_recentErrors.TryGetValue(service, out var times)) _recentErrors[service] = times = new Queue<DateTimeOffset>();
        times.Enqueue(now);
        while (times.Count > 0 && now - times.Peek() > options.ErrorRateWindow) times.Dequeue();
        // Bounded: only the threshold + 1 newest matter to decide.
        while (times.Count > options.ErrorRateThreshold + 1) times.Dequeue();
        return times.Count > options.ErrorRateThreshold;
    }

    /// <summary>The per-minute counts moved on to <paramref name="now"/>'s minute, with one more occurrence in it.</summary>
    private static int[] CountMinute(int[] perMinute, DateTimeOffset lastSeen, DateTimeOffset now)
    {
        var counts = new int[Alert.RateMinutes];
        var shift = (int)Math.Clamp(Minute(now) - Minute(lastSeen), 0, Alert.RateMinutes);
        // Older counts slide left by the minutes passed since the last occurrence; what falls off the start is gone.
        for (var i = shift; i < perMinute.Length && i - shift < counts.Length; i++) counts[i - shift] = perMinute[i];
        counts[^1]++;
        return counts;
    }

    private static long Minute(DateTimeOffset time) => time.ToUnixTimeSeconds() / 60;

    private string Key(AlertRule rule, string service, string? node, string? code)
    {
        // Without "service" in Alerting:GroupBy, one error code's alert spans services (the first names the alert).
        if (rule is AlertRule.Error or AlertRule.Fatal && !_groupBy.Contains("service")) service = "*";
        return $"{rule}\u001f{service}\u001f{node}\u001f{code}";
    }
}
