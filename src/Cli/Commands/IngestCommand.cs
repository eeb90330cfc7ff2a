using System.CommandLine;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Sawmill.Cli.Commands;

/// <summary><c>sawmill ingest FILE [--format auto|ndjson|clef|lines] [--service S] [--node N] [--batch N]</c>: a file's
/// lines into the silo, in gzip batches, each durable before the next; progress as it goes. Sawmill's NDJSON goes to
/// /api/v1/events, CLEF to /ingest/clef, plain lines become INFO entries of --service. Exits 6 if lines were refused.</summary>
internal static class IngestCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var file = new Argument<FileInfo>("file") { Description = "NDJSON (Sawmill's messages), CLEF, or plain text lines" };
        var format = new Option<string>("--format") { Description = "auto (from the first line), ndjson, clef or lines", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong("auto", "ndjson", "clef", "lines");
        var service = new Option<string>("--service") { Description = "The service_name of plain lines (required for them)" };
        var node = new Option<string>("--node") { Description = "The node_id of plain lines (default: this machine's name)" };
        var batch = new Option<int>("--batch") { Description = "Lines per request", DefaultValueFactory = _ => 1000 };
        var command = new Command("ingest", "Send a file's lines (NDJSON, CLEF or plain text), with progress") { file, format, service, node, batch };
        runtime.SetAction(command, async (context, parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new CliException(ExitCodes.Usage, $"{path.FullName} does not exist.");
            var size = Math.Clamp(parse.GetValue(batch), 1, 10_000);
            var kind = parse.GetValue(format) is "auto" or null ? Detect(path) : parse.GetValue(format)!;
            var lines = new LineMapper(kind, parse.GetValue(service), parse.GetValue(node) ?? Environment.MachineName.ToLowerInvariant());
            var total = File.ReadLines(path.FullName).Count(l => l.Length > 0);
            var outcome = new Outcome();
            if (context.Interactive && !context.Json)
            {
                await context.Out.Progress().StartAsync(async progress =>
                {
                    var task = progress.AddTask($"ingest {Markup.Escape(path.Name)}", maxValue: Math.Max(1, total));
                    await SendAsync(context, path, lines, size, outcome, sent => task.Value = sent, cancellationToken);
                });
            }
            else
            {
                var reported = 0;
                await SendAsync(context, path, lines, size, outcome, sent =>
                {
                    // Without a terminal: a line per tenth, for logs and CI.
                    var tenth = total == 0 ? 10 : (int)(sent * 10L / total);
                    if (tenth <= reported) return;
                    reported = tenth;
                    context.Error.WriteLine($"ingest: {sent:N0} / {total:N0} lines ({tenth * 10}%)");
                }, cancellationToken);
            }
            var summary = new JsonObject { ["lines"] = outcome.Lines, ["accepted"] = outcome.Accepted, ["refused"] = outcome.Refused, ["format"] = kind };
            if (context.Json) context.WriteLine(summary.ToJsonString());
            await context.Error.WriteLineAsync($"ingested {path.Name}: {outcome.Lines:N0} lines, {outcome.Accepted:N0} accepted, {outcome.Refused:N0} refused ({kind})");
            foreach (var error in outcome.Errors) await context.Error.WriteLineAsync($"  {error}");
            return outcome.Refused > 0 ? ExitCodes.Refused : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task SendAsync(CliContext context, FileInfo path, LineMapper lines, int size, Outcome outcome, Action<long> progress, CancellationToken cancellationToken)
    {
        var pending = new List<(long Number, string Line)>(size);
        long number = 0;
        foreach (var line in File.ReadLines(path.FullName))
        {
            number++;
            if (line.Length == 0) continue;
            pending.Add((number, lines.Map(line)));
            if (pending.Count < size) continue;
            await PostAsync(context, lines, pending, outcome, cancellationToken);
            progress(outcome.Lines);
            pending.Clear();
        }
        if (pending.Count > 0) await PostAsync(context, lines, pending, outcome, cancellationToken);
        progress(outcome.Lines);
    }

    private static async Task PostAsync(CliContext context, LineMapper lines, List<(long Number, string Line)> batch, Outcome outcome, CancellationToken cancellationToken)
    {
        var body = Gzip(string.Join('\n', batch.Select(b => b.Line)));
        outcome.Lines += batch.Count;
        try
        {
            var answer = await context.Silo.SendAsync(HttpMethod.Post, lines.Path, () =>
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue(lines.MediaType);
                content.Headers.ContentEncoding.Add("gzip");
                return content;
            }, cancellationToken);
            var rejected = answer["rejected"]?.AsArray() ?? [];
            outcome.Accepted += answer["accepted"]?.GetValue<int>() ?? 0;
            outcome.Refused += rejected.Count;
            foreach (var error in rejected.Take(Math.Max(0, 5 - outcome.Errors.Count)))
                outcome.Errors.Add($"line {batch[error?["index"]?.GetValue<int>() ?? 0].Number}: {Cells.Of(error?["error"])}");
        }
        catch (CliException ex) when (ex.ExitCode == ExitCodes.Refused)
        {
            // Nothing of this batch was taken (every line refused): count it and go on with the next.
            outcome.Refused += batch.Count;
            if (outcome.Errors.Count < 5) outcome.Errors.Add($"lines {batch[0].Number}-{batch[^1].Number}: {ex.Message}");
        }
    }

    private static string Detect(FileInfo path)
    {
        var first = File.ReadLines(path.FullName).FirstOrDefault(l => l.Trim().Length > 0)?.Trim();
        if (first is null || !first.StartsWith('{')) return "lines";
        try
        {
            var json = JsonNode.Parse(first) as JsonObject;
            return json is null ? "lines" : json.ContainsKey("@t") || json.ContainsKey("@mt") || json.ContainsKey("@m") ? "clef" : "ndjson";
        }
        catch (JsonException)
        {
            return "lines";
        }
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    private sealed class Outcome
    {
        public long Lines { get; set; }
        public long Accepted { get; set; }
        public long Refused { get; set; }
        public List<string> Errors { get; } = [];
    }

    /// <summary>Where a format goes, and a plain line as a Sawmill LOG.</summary>
    private sealed class LineMapper(string format, string? service, string node)
    {
        public string Path => format == "clef" ? "ingest/clef" : "api/v1/events";

        public string MediaType => format == "clef" ? "application/vnd.serilog.clef" : "application/x-ndjson";

        public string Map(string line)
        {
            if (format != "lines") return line;
            if (string.IsNullOrWhiteSpace(service)) throw new CliException(ExitCodes.Usage, "plain lines need --service (the service_name they are logged as).");
            return new JsonObject
            {
                ["message_type"] = "LOG", ["node_id"] = node, ["service_name"] = service, ["log_level"] = "INFO", ["message"] = line,
            }.ToJsonString();
        }
    }
}
