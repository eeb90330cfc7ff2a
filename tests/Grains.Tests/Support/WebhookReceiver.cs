using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sawmill.Grains.Tests.Support;

/// <summary>A real HTTP endpoint on 127.0.0.1:0 that records webhook POSTs and answers with the status codes it is given, in turn.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Queue<int> _answers;

    private WebhookReceiver(WebApplication app, Queue<int> answers)
    {
        _app = app;
        _answers = answers;
        Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks/alerts";
    }

    public string Url { get; }

    /// <summary>Every request received: the status code it was answered with, and its JSON body.</summary>
    public Channel<(int Status, JsonNode Body)> Requests { get; } = Channel.CreateUnbounded<(int, JsonNode)>();

    public static async Task<WebhookReceiver> StartAsync(params int[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var queue = new Queue<int>(answers);
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hooks/alerts", async (HttpRequest request) =>
        {
            var body = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync())!;
            int status;
            lock (queue) status = queue.Count > 0 ? queue.Dequeue() : 200;
            receiver!.Requests.Writer.TryWrite((status, body));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver = new WebhookReceiver(app, queue);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
