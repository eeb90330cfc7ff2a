namespace Sawmill.Agent;

/// <summary>The command line: <c>sawmill-agent --service NAME [--node ID] [--endpoint URL] (-- COMMAND ARGS... | --file PATH)</c>.</summary>
internal sealed record AgentOptions(string Service, string? Node, Uri Endpoint, IReadOnlyList<string> Command, string? File)
{
    /// <summary>An API key with the ingest scope, from $SAWMILL_API_KEY (not an argument: others can read a command line).</summary>
    public string? ApiKey { get; init; } = Environment.GetEnvironmentVariable("SAWMILL_API_KEY") is { Length: > 0 } key ? key : null;

    public const string Usage = """
        usage: sawmill-agent --service NAME [--node ID] [--endpoint URL] -- COMMAND [ARGS...]
               sawmill-agent --service NAME [--node ID] [--endpoint URL] --file PATH
          Runs COMMAND and ships each line of its stdout (INFO) and stderr (ERROR) to Sawmill as a LOG
          (JSON lines and common prefixes such as WARN, [ERROR], fail: set the level), heartbeating while it runs;
          on exit reports DOWN with the exit code and exits with it. --file tails a file instead (rotation-safe).
          --endpoint defaults to $SAWMILL_ENDPOINT or http://localhost:5080; an API key comes from $SAWMILL_API_KEY.
        """;

    /// <summary>Parses the arguments; null with an error message when they are wrong.</summary>
    public static (AgentOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        string? service = null, node = null, file = null;
        var endpoint = Environment.GetEnvironmentVariable("SAWMILL_ENDPOINT") ?? "http://localhost:5080";
        var command = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--": command.AddRange(args.Skip(i + 1)); i = args.Count; break;
                case "--service" when i + 1 < args.Count: service = args[++i]; break;
                case "--node" when i + 1 < args.Count: node = args[++i]; break;
                case "--endpoint" when i + 1 < args.Count: endpoint = args[++i]; break;
                case "--file" when i + 1 < args.Count: file = args[++i]; break;
                default: return (null, $"unknown or incomplete argument '{args[i]}'");
            }
        }
        if (string.IsNullOrWhiteSpace(service)) return (null, "--service is required");
        if ((command.Count == 0) == (file is null)) return (null, "give either -- COMMAND or --file PATH");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)) return (null, $"--endpoint '{endpoint}' is not a URL");
        return (new AgentOptions(service, node, uri, command, file), null);
    }
}
