using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Storage;

/// <summary>What to search for; every part is optional and the parts combine with AND.</summary>
public sealed record LogQuery
{
    /// <summary>Full-text query: words, "phrases", AND/OR/NOT, parentheses, prefix*.</summary>
    public string? Text { get; init; }

    /// <summary>Only these levels (null: all).</summary>
    public IReadOnlySet<Severity>? Levels { get; init; }

    /// <summary>Only these services (null or empty: all).</summary>
    public IReadOnlyList<string>? Services { get; init; }

    /// <summary>Only these nodes (null or empty: all).</summary>
    public IReadOnlyList<string>? Nodes { get; init; }

    /// <summary>Entries at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Entries before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Field filters such as error_code=E42 or response_time_ms&gt;500.</summary>
    public IReadOnlyList<PropertyFilter> Properties { get; init; } = [];

    /// <summary>Page size, 1 to 1000.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>The NextCursor of the previous page.</summary>
    public string? Cursor { get; init; }
}
