using System.Text.Json;
using Sawmill.Agent;
using Sawmill.Client;

var (options, error) = AgentOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine($"sawmill-agent: {error}\n{AgentOptions.Usage}");
    return 64;
}

await using var shipper = new SawmillShipper(new SawmillClientOptions
{
    Endpoint = options.Endpoint,
    ServiceName = options.Service,
    NodeId = options.Node,
    ApiKey = options.ApiKey,
    FlushInterval = TimeSpan.FromMilliseconds(200),
});
var source = options.File ?? string.Join(' ', options.Command);
await shipper.StartAsync(new Dictionary<string, JsonElement> { ["agent"] = JsonSerializer.SerializeToElement(true), ["command"] = JsonSerializer.SerializeToElement(source) });
var lines = new LineShipper(shipper, source);

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

if (options.File is not null)
{
    await new FileTailer(options.File, lines, TimeProvider.System).RunAsync(stop.Token);
    await shipper.StopAsync();
    return 0;
}

var exitCode = await ProcessRunner.RunAsync(options.Command, lines, stop.Token);
lines.Exited(exitCode);
await shipper.StopAsync(new Dictionary<string, JsonElement> { ["exit_code"] = JsonSerializer.SerializeToElement(exitCode) });
return exitCode;
