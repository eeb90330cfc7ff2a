using System.Globalization;
using System.Text.RegularExpressions;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Postgres.Logs;

/// <summary>Translates a <see cref="PropertyFilter"/> to a condition on a log_entries row (alias <c>e</c>): a column
/// for the named fields, a path into the <c>extra</c> jsonb for the others. Numbers compare as numbers (a text that
/// reads as a number too), texts byte by byte (COLLATE "C", as SQLite does).</summary>
internal static partial class PgPropertyFilter
{
    private static readonly Dictionary<string, string> TextFields = new()
    {
        ["error_code"] = "e.error_code",
        ["error_details.error_code"] = "e.error_code",
        ["error_message"] = "e.error_message",
        ["error_details.error_message"] = "e.error_message",
        ["message"] = "e.message",
        ["log_id"] = "e.log_id",
        ["message_type"] = $"(CASE e.message_type WHEN {PgSchema.RegistrationType} THEN 'REGISTRATION' ELSE 'LOG' END)",
        ["node_id"] = "e.node_id",
        ["service_name"] = "e.service_name",
    };

    private static readonly Dictionary<string, string> NumberFields = new()
    {
        ["response_time_ms"] = "e.response_time_ms",
        ["threshold_limit_ms"] = "e.threshold_limit_ms",
    };

    // A text that reads as a whole number, so the cast cannot fail.
    private const string NumericText = @"(CASE WHEN {0} ~ '^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$' THEN ({0})::double precision END)";

    /// <summary>The condition; <paramref name="bind"/> adds a parameter and returns its SQL name.</summary>
    /// <exception cref="QuerySyntaxException">The name is not a valid property name, or a number column meets a non-number.</exception>
    public static string Condition(PropertyFilter filter, Func<object, string> bind)
    {
        var isNumber = double.TryParse(filter.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number);
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
            numeric = string.Format(CultureInfo.InvariantCulture, NumericText, text);
        }
        else
        {
            var json = $"(e.extra #> {bind(JsonPath(filter.Name))})";
            // JSON null reads as missing, as SQLite's json_extract has it.
            present = $"(CASE WHEN jsonb_typeof({json}) <> 'null' THEN {json} END)";
            text = $"(CASE jsonb_typeof({json}) WHEN 'string' THEN {json} #>> '{{}}' WHEN 'null' THEN NULL ELSE {json}::text END)";
            numeric = $"(CASE jsonb_typeof({json}) WHEN 'number' THEN ({json} #>> '{{}}')::double precision "
                + $"WHEN 'string' THEN {string.Format(CultureInfo.InvariantCulture, NumericText, json + " #>> '{}'")} END)";
        }

        var (operand, value) = isNumber ? (numeric, bind(number)) : ($"{text} COLLATE \"C\"", bind(filter.Value) + "::text");
        return filter.Operator switch
        {
            FilterOperator.Equal => $"({operand}) = {value}",
            // A present value that is not a number still differs from a number; a missing one matches nothing.
            FilterOperator.NotEqual => $"({present} IS NOT NULL AND coalesce(({operand}) <> {value}, true))",
            FilterOperator.GreaterThan => $"({operand}) > {value}",
            FilterOperator.GreaterThanOrEqual => $"({operand}) >= {value}",
            FilterOperator.LessThan => $"({operand}) < {value}",
            FilterOperator.LessThanOrEqual => $"({operand}) <= {value}",
            _ => throw new QuerySyntaxException(filter.Name, $"Unknown operator {filter.Operator}."),
        };
    }

    // Dots address nested objects (error_details.retryable): the path's segments as a text[].
    private static string[] JsonPath(string name)
    {
        if (!PropertyName().IsMatch(name) || name.Split('.').Any(segment => segment.Length == 0))
            throw new QuerySyntaxException(name,
                $"'{name}' is not a property name: use 1-128 letters, digits, '_', '-' and '.' between nested names.");
        return name.Split('.');
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,128}\z")]
    private static partial Regex PropertyName();
}
