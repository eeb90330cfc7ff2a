using System.Net;

namespace Sawmill.Silo.Tests.Support;

/// <summary>After a 202, waits until the silo's streams have delivered what they had committed to every consumer
/// (<see cref="TestSilo.DeliveredAsync"/>), so a test reads what it just sent: a 202 itself only promises durability.</summary>
public sealed class DeliveredAfterAccept(Func<Task> delivered) : DelegatingHandler(new HttpClientHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Post && response.StatusCode == HttpStatusCode.Accepted) await delivered();
        return response;
    }
}
