using System.CommandLine;
using Sawmill.Cli.Commands;
using Spectre.Console;

namespace Sawmill.Cli;

/// <summary>The <c>sawmill</c> command line: tail, search, nodes, alerts, ingest, keys.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, IAnsiConsole output, TextWriter error, Func<string, string?> environment, bool interactive,
        CancellationToken cancellationToken)
    {
        var runtime = new CliRuntime(output, error, environment, interactive);
        var root = new RootCommand("sawmill: a Sawmill silo from the terminal. Exit codes: 0 ok, 1 nothing found, 2 usage, 3 not authorized, 4 not found, 5 unavailable, 6 refused.");
        root.Add(runtime.Url);
        root.Add(runtime.ApiKey);
        root.Add(runtime.Json);
        root.Add(TailCommand.Create(runtime));
        root.Add(SearchCommand.Create(runtime));
        root.Add(NodesCommand.Create(runtime));
        root.Add(AlertsCommand.Create(runtime));
        root.Add(IngestCommand.Create(runtime));
        root.Add(KeysCommand.Create(runtime));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors) await error.WriteLineAsync($"sawmill: {problem.Message}");
            await error.WriteLineAsync("Try 'sawmill --help'.");
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output.Profile.Out.Writer, Error = error }, cancellationToken);
    }
}
