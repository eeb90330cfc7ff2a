using System.Globalization;
using Npgsql;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Postgres.Logs;

/// <summary>The conditions of a <see cref="LogQuery"/> on log_entries (alias <c>e</c>) and on log_rollups; every
/// user value is a bound parameter. Time ranges and paging are the caller's.</summary>
internal sealed class PgFilter
{
    private readonly List<string> _conditions = [];
    private readonly List<string> _rollupConditions = [];
    private readonly List<(string Name, object Value)> _parameters = [];

    private PgFilter(LogQuery query)
    {
        if (query.Levels is { Count: > 0 } levels && levels.Count < Enum.GetValues<Severity>().Length)
        {
            var bound = Bind(levels.Select(l => (short)l).ToArray());
            _conditions.Add($"e.level = ANY({bound})");
            _rollupConditions.Add($"level = ANY({bound})");
        }
        if (query.Services is { Count: > 0 } services)
        {
            var bound = Bind(services.Distinct().ToArray());
            _conditions.Add($"e.service_name = ANY({bound})");
            _rollupConditions.Add($"service_name = ANY({bound})");
        }
        if (query.Nodes is { Count: > 0 } nodes)
        {
            var bound = Bind(nodes.Distinct().ToArray());
            _conditions.Add($"e.node_id = ANY({bound})");
            _rollupConditions.Add($"node_id = ANY({bound})");
        }
        if (!string.IsNullOrWhiteSpace(query.Text))
            _conditions.Add($"e.search @@ {Bind(PgText.Query(FullTextParser.Parse(query.Text)))}::tsquery");
        foreach (var filter in query.Properties) _conditions.Add(PgPropertyFilter.Condition(filter, Bind));
        RollupsAnswer = string.IsNullOrWhiteSpace(query.Text) && query.Properties.Count == 0;
    }

    /// <summary>Builds the conditions of every part of the query except time, Limit and Cursor.</summary>
    /// <exception cref="QuerySyntaxException">The text query or a property filter is malformed.</exception>
    public static PgFilter For(LogQuery query) => new(query);

    /// <summary>Whether the rollups alone tell which entries match (no text, no property filter).</summary>
    public bool RollupsAnswer { get; }

    /// <summary>" AND ..." on the row (alias e).</summary>
    public string Conditions => Join(_conditions);

    /// <summary>" AND ..." on a rollup row.</summary>
    public string RollupConditions => Join(_rollupConditions);

    /// <summary>Adds a parameter and returns its SQL name.</summary>
    public string Bind(object value)
    {
        var name = "@p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add((name, value));
        return name;
    }

    /// <summary>A command for <paramref name="sql"/> with the filter's parameters (fresh ones: a parameter belongs to one command).</summary>
    public NpgsqlCommand Command(NpgsqlConnection connection, string sql)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in _parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    private static string Join(List<string> conditions) => conditions.Count == 0 ? "" : " AND " + string.Join(" AND ", conditions);
}
