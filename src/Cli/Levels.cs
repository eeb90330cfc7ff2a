namespace Sawmill.Cli;

/// <summary>The colour of each level, as the dashboard shows it.</summary>
internal static class Levels
{
    public static string Colour(string? level) => level?.ToUpperInvariant() switch
    {
        "DEBUG" => "grey",
        "INFO" => "blue",
        "WARN" => "yellow",
        "ERROR" => "red",
        "FATAL" => "magenta",
        _ => "green",
    };
}
