using System.Globalization;
using Microsoft.Data.Sqlite;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The WHERE clause of a <see cref="LogQuery"/>; every user value is a bound parameter.</summary>
internal sealed class LogFilterSql
{
    private readonly List<string> _conditions = [];
    private readonly List<SqliteParameter> _parameters = [];

    /// <summary>Builds the conditions of every part of the query except Limit and Cursor.</summary>
    /// <exception cref="QuerySyntaxException">The text query or a property filter is malformed.</exception>
    public static LogFilterSql For(LogQuery query)
    {
        var sql = new LogFilterSql();
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = FullTextQuery.Parse(query.Text);
            var match = sql.Bind(text.Match);
            sql.Add($"id {(text.Negated ? "NOT IN" : "IN")} (SELECT rowid FROM log_fts WHERE log_fts MATCH {match})");
        }
        if (query.Levels is { Count: > 0 } levels)
            sql.AddIn("level", levels.Select(level => (object)(int)level));
        if (query.Services is { Count: > 0 } services)
            sql.AddIn("service_name", services);
        if (query.Nodes is { Count: > 0 } nodes)
            sql.AddIn("node_id", nodes);
        if (query.From is { } from)
            sql.Add($"ts >= {sql.Bind(LogSchema.ToUnixMicroseconds(from))}");
        if (query.To is { } to)
            sql.Add($"ts < {sql.Bind(LogSchema.ToUnixMicroseconds(to))}");
        foreach (var filter in query.Properties)
            sql.Add(PropertyFilterSql.Condition(filter, sql.Bind));
        return sql;
    }

    /// <summary>" WHERE a AND b", or empty when nothing is filtered.</summary>
    public string Where => _conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", _conditions);

    public void Add(string condition) => _conditions.Add(condition);

    /// <summary>Adds a parameter and returns its name for use in SQL.</summary>
    public string Bind(object value)
    {
        var name = "$p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(new SqliteParameter(name, value));
        return name;
    }

    public void ApplyTo(SqliteCommand command) => command.Parameters.AddRange(_parameters);

    private void AddIn(string column, IEnumerable<object> values) =>
        Add($"{column} IN ({string.Join(", ", values.Distinct().Select(Bind))})");
}
