namespace Sawmill.Grains.Interfaces;

/// <summary>The names of the pub-sub topics (SPEC.md, "Topics"). Each topic is an Orleans stream provider of the same
/// name whose stream namespace is the topic too.</summary>
public static class Topics
{
    /// <summary>Every accepted message; stream key = partition number (node_id hashed, so each node stays in order).</summary>
    public const string AllLogs = "all_logs";

    /// <summary>LOG entries of level ERROR and FATAL; one stream, key <see cref="AlertsKey"/>.</summary>
    public const string CriticalLogs = "critical_logs";

    /// <summary>NODE_FAILURE and NODE_RECOVERED events emitted by node grains; one stream, key <see cref="AlertsKey"/>.</summary>
    public const string NodeFailure = "node_failure";

    /// <summary>The key of the critical_logs and node_failure streams, and so of the alert grain that implicitly
    /// consumes both: one grain sees every service, which the per-service error-rate rule needs.</summary>
    public const string AlertsKey = "alerts";

    /// <summary>All three, for providers that create them up front.</summary>
    public static readonly IReadOnlyList<string> All = [AllLogs, CriticalLogs, NodeFailure];
}
