using System.CommandLine;
using Spectre.Console;

namespace Sawmill.Cli;

/// <summary>The process around the commands (output, error, environment, terminal) and the options every command
/// takes: <c>--url</c>, <c>--api-key</c>, <c>--json</c>. Runs a command's body with a <see cref="CliContext"/> and turns
/// its failure into a message and an exit code.</summary>
public sealed class CliRuntime(IAnsiConsole output, TextWriter error, Func<string, string?> environment, bool interactive)
{
    public Option<string> Url { get; } = new("--url") { Description = "The silo, e.g. http://localhost:5080 (else $SAWMILL_URL, the config file, http://localhost:5080)", Recursive = true };

    public Option<string> ApiKey { get; } = new("--api-key") { Description = "An API key (else $SAWMILL_API_KEY, the config file)", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "JSON instead of tables (one line per entry for tail)", Recursive = true };

    public TextWriter Error => error;

    public void SetAction(Command command, Func<CliContext, ParseResult, CancellationToken, Task<int>> body)
        => command.SetAction((parse, cancellationToken) => RunAsync(parse, body, cancellationToken));

    private async Task<int> RunAsync(ParseResult parse, Func<CliContext, ParseResult, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            var settings = CliSettings.Resolve(parse.GetValue(Url), parse.GetValue(ApiKey), environment);
            using var silo = new SiloClient(settings);
            return await body(new CliContext(silo, output, error, parse.GetValue(Json), interactive), parse, cancellationToken);
        }
        catch (CliException ex)
        {
            await error.WriteLineAsync($"sawmill: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
    }
}
