using Spectre.Console;

namespace Sawmill.Cli;

/// <summary>What a command works with: the silo's client, where output goes, and whether it is JSON.</summary>
public sealed class CliContext(SiloClient silo, IAnsiConsole output, TextWriter error, bool json, bool interactive)
{
    public SiloClient Silo => silo;

    /// <summary>Tables, coloured lines, or JSON (one document, or one line per entry for streams).</summary>
    public IAnsiConsole Out => output;

    /// <summary>Progress and messages for the person at the terminal; never the data.</summary>
    public TextWriter Error => error;

    public bool Json => json;

    /// <summary>Whether a live progress bar can be drawn (a terminal), else progress goes as lines to <see cref="Error"/>.</summary>
    public bool Interactive => interactive;

    /// <summary>Writes text as it is: never read as Spectre markup.</summary>
    public void WriteLine(string text) => output.Profile.Out.Writer.WriteLine(text);
}
