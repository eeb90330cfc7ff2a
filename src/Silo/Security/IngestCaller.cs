namespace Sawmill.Silo.Security;

/// <summary>The API key an ingestion request came with: the service it may write as (null: any) and its items per second (null: no limit of its own).</summary>
public sealed record IngestCaller(string KeyId, string? Service, int? RatePerSecond);
