using Grpc.Core;
using Sawmill.Silo.Ingestion;
using Sawmill.Silo.Protocols.Otlp.Wire;

namespace Sawmill.Silo.Protocols.Otlp;

/// <summary><c>opentelemetry.proto.collector.logs.v1.LogsService/Export</c>: the same mapping and pipeline as OTLP/HTTP.</summary>
public sealed class OtlpGrpcService(IngestionPipeline pipeline) : LogsService.LogsServiceBase
{
    public override async Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        var batch = pipeline.NewBatch();
        var client = context.GetHttpContext().Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var records = OtlpMapper.Map(request, batch, client, idsAsBase64Text: false);
        if (await pipeline.PublishAsync(batch.Accepted, context.CancellationToken) is { } failure)
        {
            // The exporters retry UNAVAILABLE with backoff.
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, failure.Detail));
        }
        return OtlpHttpApi.Response(batch, records);
    }
}
