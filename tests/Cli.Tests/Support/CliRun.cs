using Spectre.Console;

namespace Sawmill.Cli.Tests.Support;

/// <summary>Runs <c>sawmill</c> in process as its Program does, against a silo, capturing stdout and stderr (no
/// terminal: progress comes as lines on stderr).</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(Uri silo, string? apiKey, params string[] args) => await RunAsync(silo, apiKey, CancellationToken.None, args);

    public static async Task<CliRun> RunAsync(Uri silo, string? apiKey, CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        // Only what the test gives: no config file or variables of the machine running the tests.
        var environment = new Dictionary<string, string?> { ["SAWMILL_URL"] = silo.ToString(), ["SAWMILL_API_KEY"] = apiKey, ["SAWMILL_CONFIG"] = "/nonexistent/sawmill.json" };
        var code = await CliApp.RunAsync(args, console, error, name => environment.GetValueOrDefault(name), interactive: false, cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
