namespace Sawmill.Grains.Interfaces;

/// <summary>The names of the pub-sub topics (SPEC.md, "Topics").</summary>
public static class Topics
{
    /// <summary>Every accepted message, keyed by node_id.</summary>
    public const string AllLogs = "all_logs";

    /// <summary>LOG entries of level ERROR and FATAL.</summary>
    public const string CriticalLogs = "critical_logs";

    /// <summary>NODE_FAILURE and NODE_RECOVERED events emitted by node grains.</summary>
    public const string NodeFailure = "node_failure";

    /// <summary>All three, for providers that create them up front.</summary>
    public static readonly IReadOnlyList<string> All = [AllLogs, CriticalLogs, NodeFailure];
}
