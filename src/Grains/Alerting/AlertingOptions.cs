using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Alerting;

/// <summary>Alert rules and notifications (section <c>Alerting</c>).</summary>
public sealed class AlertingOptions
{
    public const string SectionName = "Alerting";

    /// <summary>The lowest level that opens an alert by itself; FATAL always does.</summary>
    public Severity MinimumLevel { get; set; } = Severity.Error;

    /// <summary>What makes two ERROR or FATAL entries one alert, besides the rule: a comma-separated choice of
    /// <c>service</c>, <c>node</c> and <c>error_code</c>. The default groups a service's repeats of one error code
    /// across its nodes; add <c>node</c> for an alert per node. A node failure is always an alert per node.</summary>
    public string GroupBy { get; set; } = "service,error_code";

    internal static readonly string[] GroupFields = ["service", "node", "error_code"];

    /// <summary>The fields of <see cref="GroupBy"/>; an unknown one is an error at startup.</summary>
    public IReadOnlySet<string> GroupFieldSet() => GroupBy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(f => f.ToLowerInvariant()).ToHashSet();

    /// <summary>A repeat of the same group (<see cref="GroupBy"/>) within this window counts on the open alert.</summary>
    public TimeSpan DedupWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Alert when nodes stop heartbeating.</summary>
    public bool NodeFailureAlerts { get; set; } = true;

    /// <summary>More ERROR/FATAL entries than this from one service within <see cref="ErrorRateWindow"/> open an ERROR_RATE alert; 0 turns the rule off.</summary>
    public int ErrorRateThreshold { get; set; } = 20;

    public TimeSpan ErrorRateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>URLs that receive a JSON POST when an alert opens, is acknowledged or resolves.</summary>
    public List<string> Webhooks { get; set; } = [];

    /// <summary>Attempts per notification and URL; the delay starts at <see cref="WebhookBackoff"/> and doubles.</summary>
    public int WebhookMaxAttempts { get; set; } = 5;

    public TimeSpan WebhookBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Notifications queued per URL; beyond it the oldest are dropped (and counted), alerting never waits.</summary>
    public int WebhookQueueCapacity { get; set; } = 1000;
}
