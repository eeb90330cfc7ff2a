namespace Sawmill.Grains.Storage;

/// <summary>A filter on a named field: a known one (error_code, response_time_ms ...) or any extra property.</summary>
public sealed record PropertyFilter(string Name, FilterOperator Operator, string Value);

/// <summary>How a property filter compares; numbers compare numerically.</summary>
public enum FilterOperator
{
    Equal,
    NotEqual,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
}
