using System.Globalization;
using System.Text.RegularExpressions;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>Translates a <see cref="PropertyFilter"/> to a SQL condition on a partition row (alias <c>e</c>): a column
/// for the named fields, a JSON path into <c>extra</c> (or the partition's shared object) for the others.</summary>
internal static partial class PropertyFilterSql
{
    private static readonly Dictionary<string, string> TextFields = new()
    {
        ["error_code"] = "e.error_code",
        ["error_details.error_code"] = "e.error_code",
        ["error_message"] = "e.error_message",
        ["error_details.error_message"] = "e.error_message",
        ["message"] = "e.message",
        ["log_id"] = "(CASE WHEN typeof(e.log_id) = 'blob' THEN lower(hex(e.log_id)) ELSE e.log_id END)",
        ["message_type"] = $"(CASE e.type WHEN {LogRow.RegistrationType} THEN 'REGISTRATION' ELSE 'LOG' END)",
        ["node_id"] = "(SELECT name FROM names WHERE id = e.node)",
        ["service_name"] = "(SELECT name FROM names WHERE id = e.service)",
    };

    private static readonly Dictionary<string, string> NumberFields = new()
    {
        ["response_time_ms"] = "e.response_time_ms",
        ["threshold_limit_ms"] = "e.threshold_limit_ms",
    };

    // A text that SQLite's CAST reads as a whole number (rather than a numeric prefix such as "12abc").
    private const string NumericText = "{0} GLOB '*[0-9]*' AND {0} NOT GLOB '*[^0-9.eE+-]*'";

    /// <summary>The condition; <paramref name="bind"/> adds a parameter and returns its SQL name.</summary>
    /// <exception cref="QuerySyntaxException">The name is not a valid property name, or a number column meets a non-number.</exception>
    public static string Condition(PropertyFilter filter, Func<object, string> bind)
    {
        var isNumber = double.TryParse(filter.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number);
        string present, numeric, text;
        if (NumberFields.TryGetValue(filter.Name, out var column))
        {
            if (!isNumber)
                throw new QuerySyntaxException(filter.Name, $"{filter.Name} is a number; '{filter.Value}' is not.");
            present = numeric = text = column;
        }
        else if (TextFields.TryGetValue(filter.Name, out column))
        {
            present = text = column;
            numeric = $"CASE WHEN {string.Format(CultureInfo.InvariantCulture, NumericText, text)} THEN CAST({text} AS REAL) END";
        }
        else
        {
            var path = bind(JsonPath(filter.Name));
            // The row's own object, or the partition's shared one when the row's has no such path.
            var json = $"(CASE WHEN e.shared IS NULL OR json_type(e.extra, {path}) IS NOT NULL THEN e.extra ELSE (SELECT name FROM names WHERE id = e.shared) END)";
            present = $"json_extract({json}, {path})";
            text = $"CASE json_type({json}, {path}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST({present} AS TEXT) END";
            numeric = $"CASE json_type({json}, {path}) WHEN 'integer' THEN {present} WHEN 'real' THEN {present} "
                + $"WHEN 'text' THEN (CASE WHEN {string.Format(CultureInfo.InvariantCulture, NumericText, present)} THEN CAST({present} AS REAL) END) END";
        }

        var (operand, value) = isNumber ? (numeric, bind(number)) : (text, bind(filter.Value));
        return filter.Operator switch
        {
            FilterOperator.Equal => $"({operand}) = {value}",
            // A present value that is not a number still differs from a number; a missing one matches nothing.
            FilterOperator.NotEqual => $"({present} IS NOT NULL AND coalesce(({operand}) <> {value}, 1))",
            FilterOperator.GreaterThan => $"({operand}) > {value}",
            FilterOperator.GreaterThanOrEqual => $"({operand}) >= {value}",
            FilterOperator.LessThan => $"({operand}) < {value}",
            FilterOperator.LessThanOrEqual => $"({operand}) <= {value}",
            _ => throw new QuerySyntaxException(filter.Name, $"Unknown operator {filter.Operator}."),
        };
    }

    // Dots address nested objects (error_details.retryable); each segment is quoted, so '-' is safe.
    private static string JsonPath(string name)
    {
        if (!PropertyName().IsMatch(name) || name.Split('.').Any(segment => segment.Length == 0))
            throw new QuerySyntaxException(name,
                $"'{name}' is not a property name: use 1-128 letters, digits, '_', '-' and '.' between nested names.");
        return "$" + string.Concat(name.Split('.').Select(segment => ".\"" + segment + "\""));
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,128}\z")]
    private static partial Regex PropertyName();
}
