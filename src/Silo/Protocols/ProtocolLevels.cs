namespace Sawmill.Silo.Protocols;

/// <summary>The level names of the logging ecosystems (Serilog, Microsoft.Extensions.Logging, ECS, log4j, Python) as
/// Sawmill's; an unknown name passes through for the validator to explain.</summary>
public static class ProtocolLevels
{
    /// <summary>Missing means Information, as in CLEF and most agents.</summary>
    public static string Normalize(string? level) => level?.Trim().ToUpperInvariant() switch
    {
        null or "" or "INFORMATION" or "INFO" or "I" or "NOTICE" => "INFO",
        "VERBOSE" or "TRACE" or "DEBUG" or "V" or "D" or "FINE" or "FINER" or "FINEST" => "DEBUG",
        "WARNING" or "WARN" or "W" => "WARN",
        "ERROR" or "ERR" or "E" or "SEVERE" => "ERROR",
        "FATAL" or "CRITICAL" or "CRIT" or "F" or "ALERT" or "EMERG" or "EMERGENCY" or "PANIC" => "FATAL",
        _ => level,
    };
}
