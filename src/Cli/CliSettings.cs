using System.Text.Json.Nodes;

namespace Sawmill.Cli;

/// <summary>Where the silo is and the key to use: a flag, else $SAWMILL_URL / $SAWMILL_API_KEY, else the config file
/// ($SAWMILL_CONFIG, or ~/.config/sawmill/config.json: <c>{"url": "...", "api_key": "..."}</c>), else http://localhost:5080.</summary>
public sealed record CliSettings(Uri Url, string? ApiKey)
{
    public const string DefaultUrl = "http://localhost:5080";

    public static CliSettings Resolve(string? url, string? apiKey, Func<string, string?> environment)
    {
        var file = ReadConfig(environment("SAWMILL_CONFIG") ?? DefaultConfigPath(environment));
        var chosen = url ?? environment("SAWMILL_URL") ?? (string?)file?["url"] ?? DefaultUrl;
        if (!Uri.TryCreate(chosen, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CliException(ExitCodes.Usage, $"'{chosen}' is not an http(s) URL of a silo.");
        var key = apiKey ?? environment("SAWMILL_API_KEY") ?? (string?)file?["api_key"];
        return new CliSettings(uri, string.IsNullOrWhiteSpace(key) ? null : key.Trim());
    }

    private static string DefaultConfigPath(Func<string, string?> environment)
    {
        var home = environment("XDG_CONFIG_HOME") ?? Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(home, "sawmill", "config.json");
    }

    private static JsonNode? ReadConfig(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new CliException(ExitCodes.Usage, $"{path} is not JSON: {ex.Message}");
        }
    }
}
