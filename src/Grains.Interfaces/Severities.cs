namespace Sawmill.Grains.Interfaces;

/// <summary>The level names and aliases of SPEC.md.</summary>
public static class Severities
{
    /// <summary>Every level, lowest first.</summary>
    public static readonly IReadOnlyList<Severity> All = Enum.GetValues<Severity>();

    /// <summary>Parses a level name case-insensitively, accepting the aliases WARNING, ERR, CRITICAL and TRACE.</summary>
    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "DEBUG" or "TRACE": severity = Severity.Debug; return true;
            case "INFO" or "INFORMATION": severity = Severity.Info; return true;
            case "WARN" or "WARNING": severity = Severity.Warn; return true;
            case "ERROR" or "ERR": severity = Severity.Error; return true;
            case "FATAL" or "CRITICAL": severity = Severity.Fatal; return true;
            default: severity = default; return false;
        }
    }

    /// <summary>The canonical wire name of a level (DEBUG, INFO, WARN, ERROR, FATAL).</summary>
    public static string Name(this Severity severity) => severity switch
    {
        Severity.Debug => "DEBUG",
        Severity.Info => "INFO",
        Severity.Warn => "WARN",
        Severity.Error => "ERROR",
        Severity.Fatal => "FATAL",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown level"),
    };

    /// <summary>ERROR and FATAL entries also go to the critical_logs topic.</summary>
    public static bool IsCritical(this Severity severity) => severity >= Severity.Error;
}
