using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard.Live;

/// <summary>Which live entries a viewer wants, applied on the server before anything is pushed.</summary>
public sealed record LiveFilter
{
    /// <summary>Only these levels (null or empty: all).</summary>
    public IReadOnlyList<Severity>? Levels { get; init; }

    /// <summary>This level and above (combined with <see cref="Levels"/> by AND).</summary>
    public Severity? MinLevel { get; init; }

    public string? Service { get; init; }

    public string? Node { get; init; }

    /// <summary>Case-insensitive text in the message, error_code or error_message.</summary>
    public string? Text { get; init; }

    public static LiveFilter All { get; } = new();

    public bool Matches(LogEntry entry)
    {
        if (Levels is { Count: > 0 } levels && !levels.Contains(entry.LogLevel)) return false;
        if (MinLevel is { } min && entry.LogLevel < min) return false;
        if (!string.IsNullOrEmpty(Service) && !string.Equals(entry.ServiceName, Service, StringComparison.Ordinal)) return false;
        if (!string.IsNullOrEmpty(Node) && !string.Equals(entry.NodeId, Node, StringComparison.Ordinal)) return false;
        if (string.IsNullOrWhiteSpace(Text)) return true;
        return Contains(entry.Message) || Contains(entry.ErrorDetails?.ErrorCode) || Contains(entry.ErrorDetails?.ErrorMessage);
    }

    private bool Contains(string? field) => field is not null && field.Contains(Text!.Trim(), StringComparison.OrdinalIgnoreCase);
}
