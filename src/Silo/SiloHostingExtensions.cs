using Sawmill.Dashboard.Security;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Sawmill.Dashboard;
using Sawmill.Grains;
using Sawmill.Grains.Interfaces;
using Sawmill.Silo.Api;
using Sawmill.Silo.Demo;
using Sawmill.Silo.Ingestion;
using Sawmill.Silo.Metrics;
using Sawmill.Silo.Protocols.Clef;
using Sawmill.Silo.Protocols.Elastic;
using Sawmill.Silo.Protocols.Otlp;
using Sawmill.Silo.Protocols.Syslog;
using Sawmill.Silo.Security;
using Sawmill.Storage.Sqlite;
using Sawmill.Streams.Kafka;
using Sawmill.Cluster.Redis;
using Sawmill.Sinks.Elasticsearch;
using Sawmill.Storage.Postgres;
using Sawmill.Storage.Postgres.Logs;

namespace Sawmill.Silo;

/// <summary>Wires the embedded silo: an Orleans silo on localhost clustering with the SQLite providers, the ingestion and
/// query APIs, the dashboard and the Orleans Dashboard.</summary>
public static class SiloHostingExtensions
{
    /// <summary>The Orleans Dashboard's path on the silo.</summary>
    public const string OrleansDashboardPath = "/orleans";

    public static WebApplicationBuilder AddSawmillSilo(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory) && o.OrleansPort is >= 0 and <= 65535, "Silo:DataDirectory must be set and Silo:OrleansPort be a port (0: any free one).")
            .ValidateOnStart();
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName)
            .Validate(o => o.MaxBodyBytes > 0 && o.MaxConcurrentRequests > 0, "Ingestion: MaxBodyBytes and MaxConcurrentRequests must be positive.")
            .ValidateOnStart();

        var orleansPort = builder.Configuration.GetValue<int?>($"{SiloOptions.SectionName}:{nameof(SiloOptions.OrleansPort)}") ?? 0;
        var orleansDashboard = OrleansDashboardEnabled(builder.Configuration);
        // Kafka:BootstrapServers moves the streams onto Kafka, Cluster:Redis the membership, grain state and reminders
        // onto Redis.
        var kafka = !string.IsNullOrWhiteSpace(builder.Configuration[$"{KafkaStreamOptions.SectionName}:{nameof(KafkaStreamOptions.BootstrapServers)}"]);
        var cluster = builder.Configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        // Storage:Postgres:ConnectionString puts the log and alert stores in PostgreSQL, shared by every silo.
        var postgres = !string.IsNullOrWhiteSpace(builder.Configuration[$"{PostgresStoreOptions.SectionName}:{nameof(PostgresStoreOptions.ConnectionString)}"]);
        if (cluster.Redis is not null && !kafka)
            throw new OptionsValidationException(ClusterSettings.SectionName, typeof(ClusterSettings),
                ["Cluster:Redis (several silos) needs Kafka:BootstrapServers: a silo's local stream log cannot feed partitions that another silo owns."]);
        builder.UseOrleans(silo =>
        {
            var siloPort = orleansPort == 0 ? FreePort.Pick() : orleansPort;
            if (cluster.Redis is { } redis)
            {
                silo.Configure<Orleans.Configuration.ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, "sawmill"));
                silo.ConfigureEndpoints(cluster.Address, siloPort, gatewayPort: 0, listenOnAnyHostAddress: !System.Net.IPAddress.IsLoopback(cluster.Address));
                silo.Services.Configure<Orleans.Configuration.ClusterMembershipOptions>(builder.Configuration.GetSection($"{ClusterSettings.SectionName}:Membership"));
                silo.UseSawmillRedis(redis);
            }
            else
            {
                // One silo, no external clients: no gateway (port 0), and any free port for the silo endpoint.
                silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: 0, serviceId: "sawmill", clusterId: "sawmill-embedded");
            }
            silo.UseSawmillSqlite(sp => sp.GetRequiredService<IOptions<SiloOptions>>().Value.DataPath, streams: !kafka, clusterState: cluster.Redis is null, stores: !postgres);
            if (postgres) silo.Services.AddPostgresStores();
            if (kafka) silo.AddKafkaStreams();
            if (orleansDashboard) silo.AddDashboard();
        });
        services.AddSawmillGrains();
        services.AddElasticsearchSink(builder.Configuration, fedByStreams: !kafka);
        if (kafka)
        {
            // On Kafka the Elasticsearch sink reads all_logs in a consumer group of its own.
            if (builder.Configuration.IsElasticsearchSinkConfigured())
                services.AddHostedService(sp => new KafkaSinkConsumer("elasticsearch", sp.GetRequiredService<ElasticsearchSink>().WriteAsync,
                    sp.GetRequiredService<IOptions<KafkaStreamOptions>>(), sp.GetRequiredService<Orleans.Serialization.Serializer>(), sp.GetRequiredService<ILogger<KafkaSinkConsumer>>()));
            // Every silo's live tail shows the whole cluster's entries, read from Kafka.
            services.AddSingleton(sp =>
            {
                var feed = sp.GetRequiredService<Sawmill.Dashboard.Live.LiveFeed>();
                feed.ClusterWide = true;
                return new KafkaLiveTail(sp.GetRequiredService<IOptions<KafkaStreamOptions>>(), sp.GetRequiredService<Orleans.Serialization.Serializer>(),
                    feed.Accept, sp.GetRequiredService<ILogger<KafkaLiveTail>>());
            });
            services.AddHostedService(sp => sp.GetRequiredService<KafkaLiveTail>());
        }
        services.AddSingleton<MessageValidator>();
        services.AddSingleton<IngestionLimiter>();
        services.AddSingleton<IngestionPipeline>();
        services.AddOptions<SyslogOptions>().BindConfiguration(SyslogOptions.SectionName)
            .Validate(o => o.Port is >= 0 and <= 65535 && System.Net.IPAddress.TryParse(o.Address, out _) && o.MaxMessageBytes >= 480 && o.MaxConnections > 0 && o.MaxBatch > 0,
                "Syslog: Port must be a port (0: any free one), Address an IP address, MaxMessageBytes at least 480, MaxConnections and MaxBatch positive.")
            .ValidateOnStart();
        if (builder.Configuration.GetValue<bool?>($"{SyslogOptions.SectionName}:{nameof(SyslogOptions.Enabled)}") ?? true)
        {
            services.AddSingleton<SyslogListener>();
            services.AddHostedService(sp => sp.GetRequiredService<SyslogListener>());
        }
        var otlp = OtlpOptions.From(builder.Configuration);
        if (otlp.GrpcPort is < 0 or > 65535)
            throw new OptionsValidationException(OtlpOptions.SectionName, typeof(OtlpOptions), ["Otlp:GrpcPort must be a port (0: any free one)."]);
        if (otlp.GrpcEnabled)
        {
            services.AddGrpc();
            builder.WebHost.ConfigureKestrel(kestrel => OtlpGrpcEndpoint.Listen(kestrel, builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey), otlp.GrpcPort));
        }

        services.ConfigureHttpJsonOptions(o => SawmillJson.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddSawmillSecurity();
        services.AddSawmillMetrics();
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
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.DocumentTitle = "Sawmill API";
            o.SwaggerEndpoint("/openapi/v1.json", "Sawmill API v1");
        });
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapIngestionApi();
        app.MapClefApi();
        app.MapElasticBulkApi();
        app.MapOtlpHttpApi();
        if (OtlpOptions.From(app.Configuration).GrpcEnabled) app.MapGrpcService<OtlpGrpcService>().RequireAuthorization(SawmillPolicies.Ingest).WithMetadata(IngestTransport.OtlpGrpc);
        app.MapLogsApi();
        app.MapRuntimeApi();
        app.MapNodesApi();
        app.MapAlertsApi();
        app.MapKeysApi();
        app.MapUsersApi();
        app.MapSawmillMetrics();
        if (OrleansDashboardEnabled(app.Configuration)) app.MapOrleansDashboard(routePrefix: OrleansDashboardPath).ExcludeFromDescription().RequireAuthorization(SawmillPolicies.DashboardAdmin);
        app.MapSawmillDashboard().Hub.RequireAuthorization(SawmillPolicies.Read);
        app.Lifetime.ApplicationStarted.Register(() => SayWhereItListens(app));
        return app;
    }

    /// <summary>The first line a newcomer looks for: where the dashboard is, once Kestrel listens.</summary>
    private static void SayWhereItListens(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
        var http = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault();
        if (http is null) return;
        var url = http.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal).TrimEnd('/');
        app.Logger.LogInformation("Sawmill is up: the dashboard is at {Dashboard}/ (API docs at /docs, the Orleans Dashboard at {Orleans})",
            url, OrleansDashboardPath);
    }

    private static bool OrleansDashboardEnabled(IConfiguration configuration)
        => configuration.GetValue<bool?>($"{SiloOptions.SectionName}:{nameof(SiloOptions.OrleansDashboard)}") ?? true;

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
            await Problems.TooManyRequests(http, limits.RetryAfter,
                $"More than {limits.MaxConcurrentRequests} ingestion requests at once; retry after the delay in Retry-After.").ExecuteAsync(http);
        };
    }
}
