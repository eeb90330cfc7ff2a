using Google.Protobuf;
using Sawmill.Silo.Api;
using Sawmill.Silo.Ingestion;
using Sawmill.Silo.Protocols.Otlp.Wire;

namespace Sawmill.Silo.Protocols.Otlp;

/// <summary>OTLP/HTTP logs on the main port: <c>POST /v1/logs</c> with <c>application/x-protobuf</c> or
/// <c>application/json</c> (OTLP/JSON), gzip accepted; answers an ExportLogsServiceResponse in the request's encoding,
/// with a partial success naming how many records were rejected and why.</summary>
public static class OtlpHttpApi
{
    private const string Protobuf = "application/x-protobuf";
    private const string Json = "application/json";

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    public static IEndpointRouteBuilder MapOtlpHttpApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/logs", ExportAsync).RequireRateLimiting(IngestionApi.RateLimiterPolicy).WithTags("Protocols")
            .RequireAuthorization(Dashboard.Security.SawmillPolicies.Ingest).WithMetadata(AuthErrors, IngestTransport.OtlpHttp)
            .WithSummary("OTLP/HTTP logs export").WithDescription("ExportLogsServiceRequest as application/x-protobuf or OTLP/JSON; gzip accepted.");
        return routes;
    }

    internal static async Task<IResult> ExportAsync(HttpContext context, IngestionPipeline pipeline, CancellationToken cancellationToken)
    {
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var json = mediaType == Json;
        if (!json && mediaType != Protobuf)
            return Status(StatusCodes.Status415UnsupportedMediaType, json, $"OTLP/HTTP takes {Protobuf} or {Json}, not '{context.Request.ContentType}'.");

        var (body, unread) = await pipeline.ReadBytesAsync(context, cancellationToken);
        if (unread is not null) return Status(pipeline.Refuse(context, unread), json, unread.Detail);
        ExportLogsServiceRequest request;
        try
        {
            request = json ? Parser.Parse<ExportLogsServiceRequest>(System.Text.Encoding.UTF8.GetString(body!)) : ExportLogsServiceRequest.Parser.ParseFrom(body);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            return Status(StatusCodes.Status400BadRequest, json, $"The body is not an ExportLogsServiceRequest: {ex.Message}");
        }

        var batch = pipeline.NewBatch(context);
        var records = OtlpMapper.Map(request, batch, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", idsAsBase64Text: json);
        if (await pipeline.PublishAsync(batch, cancellationToken) is { } unpublished) return Status(pipeline.Refuse(context, unpublished), json, unpublished.Detail);

        return Message(StatusCodes.Status200OK, json, Response(batch, records));
    }

    /// <summary>The export's answer: a partial success naming how many records were rejected and why, if any were.</summary>
    internal static ExportLogsServiceResponse Response(IngestionBatch batch, int records)
    {
        var response = new ExportLogsServiceResponse();
        var rejected = batch.Rejected.Select(e => e.Index).Distinct().Count();
        if (rejected == 0) return response;
        response.PartialSuccess = new ExportLogsPartialSuccess
        {
            RejectedLogRecords = rejected,
            ErrorMessage = $"{rejected} of {records} log records were rejected: "
                + string.Join("; ", batch.Rejected.Take(5).Select(e => $"record {e.Index}: {(e.Field is null ? "" : e.Field + ": ")}{e.Error}")),
        };
        return response;
    }

    // OTLP/HTTP answers errors with a google.rpc.Status; its code follows gRPC's numbering.
    /// <summary>401 and 403 as a google.rpc.Status (UNAUTHENTICATED, PERMISSION_DENIED) in the request's encoding.</summary>
    private static readonly Security.AuthErrorWriter AuthErrors = new((context, status, detail) =>
        Status(status, context.Request.ContentType?.Split(';')[0].Trim().Equals(Json, StringComparison.OrdinalIgnoreCase) == true, detail).ExecuteAsync(context));

    private static IResult Status(int httpStatus, bool json, string message) => Message(httpStatus, json, new Status
    {
        Code = httpStatus switch
        {
            StatusCodes.Status503ServiceUnavailable => 14, StatusCodes.Status413PayloadTooLarge => 8, StatusCodes.Status429TooManyRequests => 8,
            StatusCodes.Status401Unauthorized => 16, StatusCodes.Status403Forbidden => 7, _ => 3,
        },
        Message = message,
    });

    private static IResult Message(int httpStatus, bool json, IMessage message) => json
        ? TypedResults.Text(Formatter.Format(message), Json, System.Text.Encoding.UTF8, httpStatus)
        : new ProtobufResult(httpStatus, message.ToByteArray());

    private sealed class ProtobufResult(int status, byte[] body) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = Protobuf;
            await context.Response.Body.WriteAsync(body);
        }
    }
}
