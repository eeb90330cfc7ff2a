using System.Diagnostics;

namespace Sawmill.Agent;

/// <summary>Runs the command as a child process, echoes and ships every stdout/stderr line, and returns its exit code.</summary>
internal static class ProcessRunner
{
    public static async Task<int> RunAsync(IReadOnlyList<string> command, LineShipper lines, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{command[0]}'.");
        var stdout = PumpAsync(process.StandardOutput, Console.Out, line => lines.Ship(line, fromStderr: false));
        var stderr = PumpAsync(process.StandardError, Console.Error, line => lines.Ship(line, fromStderr: true));
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C reaches the child too (same process group); give it a moment, then make sure it is gone.
            if (!process.WaitForExit(TimeSpan.FromSeconds(5))) process.Kill(entireProcessTree: true);
        }
        await Task.WhenAll(stdout, stderr);
        return process.ExitCode;
    }

    private static async Task PumpAsync(StreamReader reader, TextWriter echo, Action<string> ship)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            await echo.WriteLineAsync(line);
            ship(line);
        }
    }
}
