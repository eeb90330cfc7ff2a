using System.Globalization;
using System.Text.RegularExpressions;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>Translates a <see cref="PropertyFilter"/> to a SQL condition on a column or on a JSON path of the body.</summary>
internal static partial class PropertyFilterSql
{
    private static readonly HashSet<string> TextColumns = ["error_code", "error_message", "log_id", "message_type"];
    private static readonly HashSet<string> NumberColumns = ["response_time_ms", "threshold_limit_ms"];

    // A text that SQLite's CAST reads as a whole number (rather than a numeric prefix such as "12abc").
    private const string NumericText = "{0} GLOB '*[0-9]*' AND {0} NOT GLOB '*[^0-9.eE+-]*'";

    /// <summary>The condition; <paramref name="bind"/> adds a parameter and returns its SQL name.</summary>
    /// <exception cref="QuerySyntaxException">The name is not a valid property name, or a number column meets a non-number.</exception>
    public static string Condition(PropertyFilter filter, Func<object, string> bind)
    {
        var isNumber = double.TryParse(filter.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number);
        string present, numeric, text;
        if (NumberColumns.Contains(filter.Name))
        {
            if (!isNumber)
                throw new QuerySyntaxException(filter.Name, $"{filter.Name} is a number; '{filter.Value}' is not.");
            present = numeric = text = filter.Name;
        }
        else if (TextColumns.Contains(filter.Name))
        {
            present = text = filter.Name;
            numeric = $"CASE WHEN {string.Format(CultureInfo.InvariantCulture, NumericText, text)} THEN CAST({text} AS REAL) END";
        }
        else
        {
            var path = bind(JsonPath(filter.Name));
            present = $"json_extract(body, {path})";
            text = $"CASE json_type(body, {path}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST({present} AS TEXT) END";
            numeric = $"CASE json_type(body, {path}) WHEN 'integer' THEN {present} WHEN 'real' THEN {present} "
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

    // Dots address nested objects (error_details.error_code); each segment is quoted, so '-' is safe.
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
