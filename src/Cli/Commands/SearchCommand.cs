using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Sawmill.Cli.Commands;

/// <summary><c>sawmill search [QUERY] [--from --to --level --service --node --limit]</c>: the API's search, newest
/// first. Exits 1 when nothing matched.</summary>
internal static class SearchCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var query = new Argument<string?>("query") { Description = "Words, \"a phrase\", AND / OR / NOT, prefix*", Arity = ArgumentArity.ZeroOrOne };
        var from = new Option<string>("--from") { Description = "ISO-8601, now, or -15m" };
        var to = new Option<string>("--to") { Description = "ISO-8601, now, or -5m" };
        var level = new Option<string>("--level") { Description = "A minimum (WARN) or a list (ERROR,FATAL)" };
        var service = new Option<string>("--service");
        var node = new Option<string>("--node");
        var limit = new Option<int>("--limit") { Description = "Entries at most (1-1000)", DefaultValueFactory = _ => 50 };
        var command = new Command("search", "Search the stored entries, newest first") { query, from, to, level, service, node, limit };
        runtime.SetAction(command, async (context, parse, cancellationToken) =>
        {
            var parameters = new List<string> { $"limit={parse.GetValue(limit)}" };
            void Add(string name, string? value)
            {
                if (!string.IsNullOrEmpty(value)) parameters.Add($"{name}={Uri.EscapeDataString(value)}");
            }
            Add("q", parse.GetValue(query));
            Add("from", parse.GetValue(from));
            Add("to", parse.GetValue(to));
            Add("level", parse.GetValue(level));
            Add("service", parse.GetValue(service));
            Add("node", parse.GetValue(node));
            var page = await context.Silo.GetAsync($"api/v1/logs?{string.Join('&', parameters)}", cancellationToken);
            var items = page["items"]?.AsArray() ?? [];
            if (context.Json) context.WriteLine(page.ToJsonString());
            else Render(context.Out, items, page["total"]?.GetValue<long>());
            return items.Count == 0 ? ExitCodes.NothingFound : ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, JsonArray items, long? total)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("time", "level", "service", "node", "message");
        foreach (var item in items)
        {
            var level = (string?)item?["log_level"] ?? (string?)item?["message_type"] ?? "";
            table.AddRow(
                Cells.Time(item?["timestamp"]),
                new Markup($"[{Levels.Colour(level)}]{Markup.Escape(level)}[/]"),
                new Text((string?)item?["service_name"] ?? ""),
                new Text((string?)item?["node_id"] ?? ""),
                new Text((string?)item?["message"] ?? ""));
        }
        console.Write(table);
        console.MarkupLine($"[grey]{items.Count} shown{(total is { } t ? $" of {t}" : "")}[/]");
    }
}
