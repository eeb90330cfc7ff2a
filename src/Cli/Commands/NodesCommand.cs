using System.CommandLine;
using Spectre.Console;

namespace Sawmill.Cli.Commands;

/// <summary><c>sawmill nodes [--service S]</c>: every node the silo knows, its state and last heartbeat.</summary>
internal static class NodesCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var service = new Option<string>("--service") { Description = "Only this service's nodes" };
        var command = new Command("nodes", "The nodes and their state") { service };
        runtime.SetAction(command, async (context, parse, cancellationToken) =>
        {
            var path = parse.GetValue(service) is { } s ? $"api/v1/nodes?service={Uri.EscapeDataString(s)}" : "api/v1/nodes";
            var nodes = (await context.Silo.GetAsync(path, cancellationToken)).AsArray();
            if (context.Json)
            {
                context.WriteLine(nodes.ToJsonString());
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Simple).AddColumns("node", "service", "state", "last heartbeat", "last seen");
            foreach (var node in nodes)
            {
                // A node known only from its logs has no heartbeat to watch: neither UP nor DOWN.
                var state = node?["watched"]?.GetValue<bool>() == false ? "UNWATCHED" : Cells.Of(node?["status"]);
                var colour = state switch { "DOWN" => "red", "UNWATCHED" => "grey", _ => "green" };
                table.AddRow(Cells.Text(node?["node_id"]), Cells.Text(node?["service_name"]), new Markup($"[{colour}]{Markup.Escape(state)}[/]"),
                    Cells.Time(node?["last_heartbeat"]), Cells.Time(node?["last_seen"]));
            }
            context.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
