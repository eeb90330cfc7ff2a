using System.Text.Json;
using System.Text.RegularExpressions;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Agent;

/// <summary>Decides the level and message of an output line: a JSON line's own level field, else a common prefix
/// (ERROR, [WARN], fail:, W/ ...), else INFO for stdout and ERROR for stderr.</summary>
internal static partial class LineClassifier
{
    public static (Severity Level, string Message, Dictionary<string, JsonElement>? Properties) Classify(string line, bool fromStderr)
    {
        var fallback = fromStderr ? Severity.Error : Severity.Info;
        if (line.StartsWith('{') && TryJson(line, out var json)) return json;
        foreach (var prefix in Prefixes)
        {
            var match = prefix.Match(line);
            if (match.Success && Level(match.Groups["level"].Value) is { } level)
            {
                var rest = line[match.Length..].Trim();
                return (level, rest.Length == 0 ? line : rest, null);
            }
        }
        return (fallback, line, null);
    }

    private static bool TryJson(string line, out (Severity Level, string Message, Dictionary<string, JsonElement>? Properties) result)
    {
        result = default;
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return false;
            Severity? level = null;
            string? message = null;
            var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Name.ToLowerInvariant())
                {
                    case "level" or "log_level" or "severity" or "lvl" or "@l" when property.Value.ValueKind == JsonValueKind.String:
                        level = Level(property.Value.GetString()!);
                        break;
                    case "message" or "msg" or "@m" or "@mt" when property.Value.ValueKind == JsonValueKind.String && message is null:
                        message = property.Value.GetString();
                        break;
                    default:
                        properties[property.Name] = property.Value.Clone();
                        break;
                }
            }
            result = (level ?? Severity.Info, message ?? line, properties.Count == 0 ? null : properties);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Severity? Level(string text) => text.Trim().TrimEnd(':').ToUpperInvariant() switch
    {
        "FAIL" => Severity.Error,
        "CRIT" => Severity.Fatal,
        "DBUG" or "TRCE" or "D" or "V" => Severity.Debug,
        "WARN" or "W" => Severity.Warn,
        "E" => Severity.Error,
        "I" => Severity.Info,
        var name => Severities.TryParse(name, out var level) ? level : null,
    };

    // Upper-case words (WARN x), any case with a colon or in brackets (warning: x, [Error] x), Android's W/Tag.
    private static readonly Regex[] Prefixes = [UpperWord(), WithColonOrBrackets(), Android()];

    [GeneratedRegex(@"^\s*[\[(]?(?<level>TRACE|DEBUG|INFO|INFORMATION|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL)[\])]?(?=[:\s]|$):?")]
    private static partial Regex UpperWord();

    [GeneratedRegex(@"^\s*(\[(?<level>trace|debug|info|information|warn|warning|error|err|fatal|critical|fail|crit|dbug|trce)\]|(?<level>trace|debug|info|information|warn|warning|error|err|fatal|critical|fail|crit|dbug|trce):)", RegexOptions.IgnoreCase)]
    private static partial Regex WithColonOrBrackets();

    [GeneratedRegex(@"^(?<level>[VDIWE])/")]
    private static partial Regex Android();
}
