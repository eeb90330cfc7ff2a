using Sawmill.Client;
using Sawmill.SampleServices;

// One binary, four roles: --Demo:Service=order|payment|inventory|traffic (the silo's demo launcher starts all four).
var builder = WebApplication.CreateBuilder(args);
var settings = builder.Configuration.GetSection(DemoSettings.SectionName).Get<DemoSettings>() ?? new DemoSettings();
var serviceName = settings.Service switch
{
    "order" => "OrderService",
    "payment" => "PaymentService",
    "inventory" => "InventoryService",
    "traffic" => "TrafficGenerator",
    _ => throw new ArgumentException("Set --Demo:Service to order, payment, inventory or traffic."),
};
builder.Services.Configure<DemoSettings>(builder.Configuration.GetSection(DemoSettings.SectionName));
builder.Services.AddSingleton<Behaviour>(sp => new Behaviour(settings));
builder.Services.AddHttpClient();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer((d, _, _) => { d.Info.Title = serviceName; return Task.CompletedTask; }));
builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
    .AddSawmill(o => o.ServiceName = serviceName);
builder.Services.AddHostedService<ParentWatch>();
if (settings.Service == "traffic") builder.Services.AddHostedService<TrafficGenerator>();

var app = builder.Build();
app.MapOpenApi("/openapi/{documentName}.json");
app.UseSwaggerUI(o => { o.RoutePrefix = "docs"; o.SwaggerEndpoint("/openapi/v1.json", serviceName); });
app.MapGet("/", () => TypedResults.Redirect("/docs")).ExcludeFromDescription();
switch (settings.Service)
{
    case "order": OrderService.Map(app); break;
    case "payment": PaymentService.Map(app); break;
    case "inventory": InventoryService.Map(app); break;
}
app.Run();
