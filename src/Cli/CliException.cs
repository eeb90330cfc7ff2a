namespace Sawmill.Cli;

/// <summary>A failure to report in one line and exit with <see cref="ExitCode"/>.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
