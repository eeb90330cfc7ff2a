using Sawmill.Silo;

// --no-demo: a clean silo, without the sample services and their traffic.
var demo = !args.Contains("--no-demo");
args = [.. args.Where(a => a != "--no-demo"), .. demo ? Array.Empty<string>() : ["--Demo:Enabled=false"]];

// appsettings.json travels with the binaries; data paths stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddSawmillSilo();

var app = builder.Build();
app.MapSawmillSilo();
app.Run();

/// <summary>The silo's entry point, visible to tests that host it.</summary>
public partial class Program;
