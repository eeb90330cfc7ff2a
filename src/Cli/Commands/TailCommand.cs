using System.CommandLine;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Spectre.Console;

namespace Sawmill.Cli.Commands;

/// <summary><c>sawmill tail [--level L] [--service S] [--node N] [--text T] [--count N]</c>: entries as they arrive,
/// filtered on the silo, from its live hub.</summary>
internal static class TailCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var level = new Option<string>("--level") { Description = "The lowest level shown" };
        level.AcceptOnlyFromAmong("DEBUG", "INFO", "WARN", "ERROR", "FATAL");
        var service = new Option<string>("--service") { Description = "Only this service" };
        var node = new Option<string>("--node") { Description = "Only this node" };
        var text = new Option<string>("--text") { Description = "Only entries whose message or error holds these words" };
        var count = new Option<int?>("--count") { Description = "Exit after this many entries" };
        var command = new Command("tail", "Entries as they arrive (Ctrl+C stops)") { level, service, node, text, count };
        runtime.SetAction(command, async (context, parse, cancellationToken) =>
        {
            var filter = new JsonObject();
            if (parse.GetValue(level) is { } minimum) filter["min_level"] = minimum;
            if (parse.GetValue(service) is { } s) filter["service"] = s;
            if (parse.GetValue(node) is { } n) filter["node"] = n;
            if (parse.GetValue(text) is { } t) filter["text"] = t;
            var settings = context.Silo.Settings;
            await using var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(settings.Url, "hubs/live"), http => http.AccessTokenProvider = () => Task.FromResult(settings.ApiKey))
                .Build();
            try
            {
                await connection.StartAsync(cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    ? new CliException(ExitCodes.NotAuthorized, $"{(int)ex.StatusCode} from the live hub: the key needs the read scope (--api-key or $SAWMILL_API_KEY).")
                    : new CliException(ExitCodes.Unavailable, $"{settings.Url} cannot be reached: {ex.Message}");
            }
            var stream = connection.StreamAsync<JsonElement>("Tail", filter, cancellationToken);
            await context.Error.WriteLineAsync($"tailing {settings.Url} (Ctrl+C to stop)");
            var shown = 0;
            var limit = parse.GetValue(count);
            await foreach (var entry in stream)
            {
                if (context.Json) context.WriteLine(entry.GetRawText());
                else Render(context.Out, entry);
                if (++shown == limit) break;
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One line: time, level in its colour, service, node, message (as text, never markup).</summary>
    public static void Render(IAnsiConsole console, JsonElement entry)
    {
        string? Field(string name) => entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var time = DateTimeOffset.TryParse(Field("timestamp"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
            ? at.UtcDateTime.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) : "";
        var level = Field("log_level") ?? Field("message_type") ?? "";
        console.MarkupLine($"[grey]{time}[/] [{Levels.Colour(level)}]{Markup.Escape(level),-5}[/] [bold]{Markup.Escape(Field("service_name") ?? "")}[/] " +
            $"[grey]{Markup.Escape(Field("node_id") ?? "")}[/] {Markup.Escape(Field("message") ?? "")}");
    }
}
