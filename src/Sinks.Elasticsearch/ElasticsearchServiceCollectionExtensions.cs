using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sawmill.Sinks.Elasticsearch;

public static class ElasticsearchServiceCollectionExtensions
{
    /// <summary>Whether <c>Elasticsearch:Url</c> is set, which turns the sink on.</summary>
    public static bool IsElasticsearchSinkConfigured(this IConfiguration configuration)
        => !string.IsNullOrWhiteSpace(configuration[$"{ElasticsearchSinkOptions.SectionName}:{nameof(ElasticsearchSinkOptions.Url)}"]);

    /// <summary>The Elasticsearch sink when <c>Elasticsearch:Url</c> is set (options in section <c>Elasticsearch</c>).
    /// <paramref name="fedByStreams"/>: its grain consumes all_logs (the embedded mode); false when the host feeds it
    /// from a consumer group of its own (Kafka), and the grain stands aside.</summary>
    public static IServiceCollection AddElasticsearchSink(this IServiceCollection services, IConfiguration configuration, bool fedByStreams = true)
    {
        services.AddOptions<ElasticsearchSinkOptions>().BindConfiguration(ElasticsearchSinkOptions.SectionName)
            .Configure(o => o.FedByStreams = fedByStreams)
            .Validate(o => o.Validate() is null, "Elasticsearch: see ElasticsearchSinkOptions.Validate (Url, KibanaUrl, BatchSize, MaxRetryDelay, DataStream).")
            .ValidateOnStart();
        if (configuration.IsElasticsearchSinkConfigured()) services.AddSingleton<ElasticsearchSink>();
        return services;
    }
}
