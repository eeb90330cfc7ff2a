namespace Sawmill.Sinks.Elasticsearch;

/// <summary>Copies the LOG and REGISTRATION messages of one all_logs partition (the key) to Elasticsearch.</summary>
[Alias("Sawmill.IElasticsearchSinkGrain")]
public interface IElasticsearchSinkGrain : IGrainWithStringKey;
