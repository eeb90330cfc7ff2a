using System.Diagnostics;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Cli.Tests;

/// <summary>sawmill as the program a user runs: a real process, its flags, its exit code.</summary>
public sealed class CliProcessTests
{
    [Fact]
    public async Task The_program_lists_nodes_as_JSON_and_exits_3_without_a_key()
    {
        await using var silo = await TestSilo.StartAsync(SecuredSilo.Settings());
        var cli = Path.Combine(AppContext.BaseDirectory, "Sawmill.Cli.dll");

        var (code, output, error) = await RunAsync(cli, "--url", silo.Client.BaseAddress!.ToString(), "--api-key", SecuredSilo.AdminKey, "nodes", "--json");
        Assert.True(code == 0, error);
        Assert.Equal("[]", output.Trim());

        var refused = await RunAsync(cli, "--url", silo.Client.BaseAddress!.ToString(), "nodes");
        Assert.Equal(ExitCodes.NotAuthorized, refused.Code);
        Assert.Contains("--api-key", refused.Error);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string cli, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Nothing of the machine's own settings.
        start.Environment["SAWMILL_CONFIG"] = "/nonexistent/sawmill.json";
        start.Environment.Remove("SAWMILL_URL");
        start.Environment.Remove("SAWMILL_API_KEY");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
