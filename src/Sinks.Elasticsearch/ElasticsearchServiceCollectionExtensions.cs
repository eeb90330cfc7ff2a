using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sawmill.Sinks.Elasticsearch;

public static class ElasticsearchServiceCollectionExtensions
{
    /// <summary>The Elasticsearch sink when <c>Elasticsearch:Url</c> is set (options in section <c>Elasticsearch</c>).</summary>
    public static IServiceCollection AddElasticsearchSink(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ElasticsearchSinkOptions>().BindConfiguration(ElasticsearchSinkOptions.SectionName)
            .Validate(o => o.Validate() is null, "Elasticsearch: see ElasticsearchSinkOptions.Validate (Url, KibanaUrl, BatchSize, MaxRetryDelay, DataStream).")
            .ValidateOnStart();
        if (!string.IsNullOrWhiteSpace(configuration[$"{ElasticsearchSinkOptions.SectionName}:{nameof(ElasticsearchSinkOptions.Url)}"]))
            services.AddSingleton<ElasticsearchSink>();
        return services;
    }
}
