using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Silo.Tests.Protocols;

/// <summary>OTLP/gRPC on its own HTTP/2 port (Otlp:GrpcPort), fed by the OpenTelemetry .NET SDK's gRPC exporter.</summary>
public sealed class OtlpGrpcTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    [Fact]
    public async Task The_OpenTelemetry_SDK_exporter_ships_over_gRPC_to_the_HTTP2_port_beside_the_main_one()
    {
        var addresses = _silo.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        Assert.Equal(2, addresses.Count);
        Assert.Equal(_silo.Client.BaseAddress, new Uri(addresses[0]));
        var grpc = new Uri(addresses[1]);

        using (var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(otel =>
        {
            otel.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("Grpcer", autoGenerateServiceInstanceId: false).AddAttributes([new("host.name", "grpc-host")]));
            otel.AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (grpc, OtlpExportProtocol.Grpc));
        })))
        {
            factory.CreateLogger("grpc").LogCritical("Reactor {Reactor} lost coolant", 4);
        }

        await Await.UntilAsync(async () => (await _silo.Client.GetNode("/api/v1/logs?service=Grpcer"))["items"]!.AsArray().Count == 1, "the gRPC record searchable");
        var entry = (await _silo.Client.GetNode("/api/v1/logs?service=Grpcer"))["items"]![0]!;
        // Without service.instance.id the host is the node.
        Assert.Equal(("FATAL", "grpc-host", "Reactor 4 lost coolant"), ((string?)entry["log_level"], (string?)entry["node_id"], (string?)entry["message"]));
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();
}
