using Grpc.Core;
using Sawmill.Silo.Ingestion;
using Sawmill.Silo.Protocols.Otlp.Wire;

namespace Sawmill.Silo.Protocols.Otlp;

/// <summary><c>opentelemetry.proto.collector.logs.v1.LogsService/Export</c>: the same mapping and pipeline as OTLP/HTTP.</summary>
public sealed class OtlpGrpcService(IngestionPipeline pipeline) : LogsService.LogsServiceBase
{
    public override async Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var batch = pipeline.NewBatch(http);
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var records = OtlpMapper.Map(request, batch, client, idsAsBase64Text: false);
        if (await pipeline.PublishAsync(batch, context.CancellationToken) is { } failure)
        {
            // The exporters retry UNAVAILABLE with backoff; an API key over its rate is RESOURCE_EXHAUSTED.
            var code = failure.Kind == IngestFailureKind.RateLimited ? StatusCode.ResourceExhausted : StatusCode.Unavailable;
            throw new RpcException(new Grpc.Core.Status(code, failure.Detail));
        }
        return OtlpHttpApi.Response(batch, records);
    }
}
