using Sawmill.Dashboard;
using Sawmill.Dashboard.Remote;

// The dashboard without a silo in the process: it shows the silo at Silo:Url (default http://localhost:5080).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.UseStaticWebAssets();
builder.Services.AddSawmillDashboard().AddRemoteSiloBackend();

var app = builder.Build();
app.MapRemoteSiloDashboard();
app.Run();
