using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sawmill.Dashboard;
using Sawmill.Grains;
using Sawmill.Grains.Interfaces;
using Sawmill.Silo.Api;
using Sawmill.Silo.Demo;
using Sawmill.Silo.Ingestion;

namespace Sawmill.Silo;

/// <summary>Wires the embedded silo: SQLite storage, grain runtime and topics, ingestion and query APIs.</summary>
public static class SiloHostingExtensions
{
    public static WebApplicationBuilder AddSawmillSilo(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Silo:DataDirectory must be set.").ValidateOnStart();
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName)
            .Validate(o => o.MaxBodyBytes > 0 && o.MaxConcurrentRequests > 0, "Ingestion: MaxBodyBytes and MaxConcurrentRequests must be positive.")
            .ValidateOnStart();

        services.AddSqliteStorage(sp => sp.GetRequiredService<IOptions<SiloOptions>>().Value.DatabasePath);
        services.AddSawmillGrains();
        services.AddSingleton<MessageValidator>();
        services.AddSingleton<EventPublisher>();
        services.AddSingleton<IngestionLimiter>();

        services.ConfigureHttpJsonOptions(o => SawmillJson.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddRateLimiter(ConfigureRateLimiter);
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Sawmill API";
            document.Info.Description = "Ingest structured logs, registrations and heartbeats; search them back.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        services.AddSawmillDashboard().AddInProcessDashboardBackend();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        services.AddHostedService<DemoLauncher>();
        // Serve the dashboard's static files from the build output too, not only from a publish folder.
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    public static WebApplication MapSawmillSilo(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.DocumentTitle = "Sawmill API";
            o.SwaggerEndpoint("/openapi/v1.json", "Sawmill API v1");
        });
        app.MapHealthChecks("/healthz");
        app.MapIngestionApi();
        app.MapLogsApi();
        app.MapRuntimeApi();
        app.MapNodesApi();
        app.MapAlertsApi();
        app.MapSawmillDashboard();
        return app;
    }

    private static void ConfigureRateLimiter(Microsoft.AspNetCore.RateLimiting.RateLimiterOptions options)
    {
        options.AddPolicy(IngestionApi.RateLimiterPolicy, context =>
        {
            var limiter = context.RequestServices.GetRequiredService<IngestionLimiter>();
            return RateLimitPartition.Get<string>("ingestion", _ => limiter);
        });
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (context, cancellationToken) =>
        {
            var http = context.HttpContext;
            var limits = http.RequestServices.GetRequiredService<IOptions<IngestionOptions>>().Value;
            Problems.SetRetryAfter(http, limits.RetryAfter);
            await TypedResults.Problem(
                detail: $"More than {limits.MaxConcurrentRequests} ingestion requests at once; retry after the delay in Retry-After.",
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests",
                type: "urn:sawmill:problem:too-many-requests").ExecuteAsync(http);
        };
    }
}
