using Sawmill.Silo;

var builder = WebApplication.CreateBuilder(args);
builder.AddSawmillSilo();

var app = builder.Build();
app.MapSawmillSilo();
app.Run();

/// <summary>The silo's entry point, visible to tests that host it.</summary>
public partial class Program;
