using Sawmill.Silo;

// --health-probe [url]: for container health checks (the runtime image has no curl): exit 0 when /healthz answers 2xx.
if (args is ["--health-probe", ..])
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
    try
    {
        using var answer = await http.GetAsync(args.Length > 1 ? args[1] : "http://127.0.0.1:5080/healthz");
        return answer.IsSuccessStatusCode ? 0 : 1;
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        return 1;
    }
}

// --no-demo: a clean silo, without the sample services and their traffic.
var demo = !args.Contains("--no-demo");
args = [.. args.Where(a => a != "--no-demo"), .. demo ? Array.Empty<string>() : ["--Demo:Enabled=false"]];

// appsettings.json travels with the binaries; data paths stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddSawmillSilo();

var app = builder.Build();
app.MapSawmillSilo();
await app.RunAsync();
return 0;

/// <summary>The silo's entry point, visible to tests that host it.</summary>
public partial class Program;
