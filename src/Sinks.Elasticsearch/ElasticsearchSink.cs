using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Sinks.Elasticsearch;

/// <summary>Writes entries to the data stream with <c>_bulk</c> <c>create</c> operations whose _id is the entry's
/// (node_id, log_id): a repeat is a 409 and counts as written, so redeliveries never duplicate. Failed requests and
/// items Elasticsearch may take later (429, 5xx) are retried with doubling delays; an item it refuses for good (a
/// mapping conflict) is logged and counted, never retried forever.</summary>
public sealed class ElasticsearchSink
{
    private readonly ElasticsearchClient _client;
    private readonly ElasticsearchSinkOptions _options;
    private readonly ILogger<ElasticsearchSink> _logger;
    private readonly TimeProvider _time;
    private readonly ElasticsearchSetup _setup;
    private readonly Lock _lock = new();
    private Task? _ready;
    private long _written, _duplicates, _refused;

    public ElasticsearchSink(IOptions<ElasticsearchSinkOptions> options, TimeProvider time, ILogger<ElasticsearchSink> logger)
    {
        _options = options.Value;
        _logger = logger;
        _time = time;
        var settings = new ElasticsearchClientSettings(new Uri(_options.Url ?? throw new InvalidOperationException("Elasticsearch:Url is not set.")));
        if (_options.ApiKey is { } key) settings.Authentication(new ApiKey(key));
        else if (_options.Username is { } user) settings.Authentication(new BasicAuthentication(user, _options.Password ?? ""));
        _client = new ElasticsearchClient(settings);
        _setup = new ElasticsearchSetup(_options, new HttpClient(), logger);
    }

    /// <summary>Documents created, repeats answered 409, items refused for good, since start.</summary>
    public (long Written, long Duplicates, long Refused) Counts => (Interlocked.Read(ref _written), Interlocked.Read(ref _duplicates), Interlocked.Read(ref _refused));

    /// <summary>Completes once every entry is in Elasticsearch (or refused for good), retrying until
    /// <paramref name="cancellationToken"/> gives up.</summary>
    public async Task WriteAsync(IReadOnlyList<SawmillMessage> entries, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken);
        foreach (var chunk in entries.Where(e => e is LogEntry or Registration).Chunk(_options.BatchSize))
        {
            var pending = chunk.Select(e => (Id: EcsDocument.IdOf(e), Document: EcsDocument.From(e))).ToList();
            var delay = TimeSpan.FromMilliseconds(100);
            while (pending.Count > 0)
            {
                pending = await BulkAsync(pending, cancellationToken);
                if (pending.Count == 0) break;
                await Task.Delay(delay, _time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    // The template (and the data view) before the first document; a failed setup is tried again by the next write.
    private async Task ReadyAsync(CancellationToken cancellationToken)
    {
        Task ready;
        lock (_lock) ready = _ready is { IsFaulted: false, IsCanceled: false } ? _ready : _ready = _setup.RunAsync(CancellationToken.None);
        try
        {
            await ready.WaitAsync(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            _logger.LogWarning("Setting up Elasticsearch failed: {Reason}; the next write tries again", ex.Message);
            throw;
        }
    }

    // One bulk request; returns the items to send again.
    private async Task<List<(string Id, JsonObject Document)>> BulkAsync(List<(string Id, JsonObject Document)> items, CancellationToken cancellationToken)
    {
        var request = new BulkRequest(_options.DataStream)
        {
            Operations = [.. items.Select(i => new BulkCreateOperation<JsonObject>(i.Document) { Id = i.Id })],
        };
        BulkResponse response;
        try
        {
            response = await _client.BulkAsync(request, cancellationToken);
        }
        catch (TransportException ex)
        {
            _logger.LogWarning("Elasticsearch did not take a bulk of {Count}: {Reason}; retrying", items.Count, ex.Message);
            return items;
        }
        if (!response.IsValidResponse && response.Items.Count != items.Count)
        {
            _logger.LogWarning("Elasticsearch answered a bulk of {Count} with {Status}; retrying", items.Count, response.ApiCallDetails.HttpStatusCode);
            return items;
        }
        var again = new List<(string, JsonObject)>();
        var answers = response.Items.ToList();
        for (var i = 0; i < items.Count; i++)
        {
            var status = answers[i].Status;
            if (status is 200 or 201) Interlocked.Increment(ref _written);
            else if (status == 409) Interlocked.Increment(ref _duplicates);
            else if (status is 429 or >= 500) again.Add(items[i]);
            else
            {
                Interlocked.Increment(ref _refused);
                _logger.LogError("Elasticsearch refused entry {Id} ({Status}): {Reason}", items[i].Id, status, answers[i].Error?.Reason);
            }
        }
        return again;
    }
}
