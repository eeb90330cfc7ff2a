using Sawmill.Silo;

// appsettings.json travels with the binaries; data paths stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddSawmillSilo();

var app = builder.Build();
app.MapSawmillSilo();
app.Run();

/// <summary>The silo's entry point, visible to tests that host it.</summary>
public partial class Program;
