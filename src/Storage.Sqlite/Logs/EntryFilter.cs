using System.Globalization;
using Microsoft.Data.Sqlite;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The conditions of a <see cref="LogQuery"/> on one partition's rows (alias <c>e</c>, or only the rowid
/// when no condition needs the row); every user value is a bound parameter. Time ranges and paging are the caller's.</summary>
internal sealed class EntryFilter
{
    private readonly List<string> _rowConditions = [];
    private readonly List<SqliteParameter> _parameters = [];

    private EntryFilter(LogQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Text)) Text = FullTextQuery.Parse(query.Text);
        if (query.Levels is { Count: > 0 } levels && levels.Count < Enum.GetValues<Grains.Interfaces.Severity>().Length)
            Levels = string.Join(", ", levels.Select(l => ((int)l).ToString(CultureInfo.InvariantCulture)));
        if (query.Services is { Count: > 0 } services) Services = Names(services);
        if (query.Nodes is { Count: > 0 } nodes) Nodes = Names(nodes);
        if (Services is not null) _rowConditions.Add($"e.service IN (SELECT id FROM names WHERE name IN ({Services}))");
        if (Nodes is not null) _rowConditions.Add($"e.node IN (SELECT id FROM names WHERE name IN ({Nodes}))");
        foreach (var filter in query.Properties) _rowConditions.Add(PropertyFilterSql.Condition(filter, Bind));
        HasProperties = query.Properties.Count > 0;
    }

    /// <summary>Builds the conditions of every part of the query except time, Limit and Cursor.</summary>
    /// <exception cref="QuerySyntaxException">The text query or a property filter is malformed.</exception>
    public static EntryFilter For(LogQuery query) => new(query);

    public FullTextQuery? Text { get; }

    /// <summary>"3, 4": the levels asked for, or null for all.</summary>
    public string? Levels { get; }

    /// <summary>The bound names ("$p0, $p1") of the services asked for, or null.</summary>
    public string? Services { get; }

    public string? Nodes { get; }

    public bool HasProperties { get; }

    /// <summary>Whether some condition reads the row itself (not only its rowid).</summary>
    public bool NeedsRow => _rowConditions.Count > 0;

    /// <summary>Whether the rollups alone tell which entries match (no text, no property filter).</summary>
    public bool RollupsAnswer => Text is null && !HasProperties;

    /// <summary>" AND ..." for the conditions, with <paramref name="id"/> the expression of the rowid.</summary>
    public string Conditions(string id)
    {
        var conditions = Levels is null ? _rowConditions : [$"({id} & 7) IN ({Levels})", .. _rowConditions];
        return conditions.Count == 0 ? "" : " AND " + string.Join(" AND ", conditions);
    }

    /// <summary>The conditions on a rollup table's service, node and level columns.</summary>
    public string RollupConditions => string.Concat(
        Levels is null ? "" : $" AND level IN ({Levels})",
        Services is null ? "" : $" AND service IN (SELECT id FROM names WHERE name IN ({Services}))",
        Nodes is null ? "" : $" AND node IN (SELECT id FROM names WHERE name IN ({Nodes}))");

    /// <summary>Whether the per-level rollup (no service or node column) is enough.</summary>
    public bool LevelRollupIsEnough => Services is null && Nodes is null;

    public string Bind(object value)
    {
        var name = "$p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(new SqliteParameter(name, value));
        return name;
    }

    /// <summary>Adds the filter's parameters (fresh copies: a parameter belongs to one command).</summary>
    public void ApplyTo(SqliteCommand command)
    {
        foreach (var parameter in _parameters) command.Parameters.AddWithValue(parameter.ParameterName, parameter.Value);
    }

    private string Names(IEnumerable<string> names) => string.Join(", ", names.Distinct().Select(Bind));
}
