using Sawmill.Dashboard.Security;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sawmill.Silo.Security;
using Sawmill.Silo.Tests.Support;
using static Sawmill.Silo.Tests.Support.Json;

namespace Sawmill.Silo.Tests.Security;

/// <summary>Every endpoint of the silo, enumerated from its endpoint data source (so a new one cannot slip through),
/// refuses a request without a key, with a key lacking its scope and with a revoked key; the public ones are named.</summary>
public sealed partial class EndpointProtectionTests : IAsyncLifetime
{
    private TestSilo _silo = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync(SecuredSilo.Settings());
        _admin = _silo.ClientWithKey(ApiKeyTests.AdminKey);
    }

    [Fact]
    public async Task Every_endpoint_refuses_no_key_a_key_without_its_scope_and_a_revoked_key()
    {
        var (_, ingest) = await SecuredSilo.CreateKeyAsync(_admin, "ingest", ["ingest"]);
        var (_, read) = await SecuredSilo.CreateKeyAsync(_admin, "read", ["read"]);
        var (_, notAdmin) = await SecuredSilo.CreateKeyAsync(_admin, "ingest+read", ["ingest", "read"]);
        var (revokedId, revoked) = await SecuredSilo.CreateKeyAsync(_admin, "admin", ["admin"]);
        using (var revoke = await _admin.DeleteAsync($"/api/v1/keys/{revokedId}"))
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        var endpoints = _silo.Endpoints.Endpoints.OfType<RouteEndpoint>().ToList();
        var unclassified = endpoints.Where(e => Classify(e) is null).Select(Describe).ToList();
        Assert.True(unclassified.Count == 0, "Endpoints neither public by decision nor under a Sawmill policy:\n" + string.Join("\n", unclassified));

        using (var user = await _admin.PostAsync("/api/v1/users", Body("""{"name":"viewer-v","password":"viewer-password-1","role":"viewer"}""")))
            Assert.Equal(HttpStatusCode.Created, user.StatusCode);
        using var viewer = new SignInClient(_silo.Client.BaseAddress!);
        using (var signedIn = await viewer.SignInAsync("viewer-v", "viewer-password-1"))
            Assert.Equal("/", signedIn.Headers.Location!.OriginalString);

        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var endpoint in endpoints)
        {
            if (Classify(endpoint) is not { } scope || scope == Public) continue;
            if (scope is Dashboard or DashboardAdmin)
            {
                foreach (var method in Methods(endpoint))
                {
                    checkedCount++;
                    var path = PathOf(endpoint);
                    // A page wants a signed-in user: a key does not open it.
                    await ExpectSignInAsync(method, path, null, failures);
                    await ExpectSignInAsync(method, path, ingest, failures);
                    if (scope == DashboardAdmin) await ExpectAsync(viewer.Http, method, path, null, HttpStatusCode.Forbidden, failures);
                }
                continue;
            }
            // gRPC needs HTTP/2 on its own port: ProtocolKeyTests calls it there; here it only has to carry the policy.
            if (IsGrpc(endpoint)) continue;
            var wrong = scope switch { "ingest" => read, "read" => ingest, _ => notAdmin };
            foreach (var method in Methods(endpoint))
            {
                checkedCount++;
                var path = PathOf(endpoint);
                await ExpectAsync(method, path, null, HttpStatusCode.Unauthorized, failures);
                await ExpectAsync(method, path, wrong, HttpStatusCode.Forbidden, failures);
                await ExpectAsync(method, path, revoked, HttpStatusCode.Unauthorized, failures);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedCount > 20, $"only {checkedCount} endpoint methods were checked");
    }

    private const string Public = "public";
    private const string Dashboard = "dashboard";
    private const string DashboardAdmin = "dashboard admin";

    // Public by decision (README, "Security"): no log data, and needed before any key is at hand.
    private static string? Classify(RouteEndpoint endpoint)
    {
        var pattern = endpoint.RoutePattern.RawText ?? "";
        var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
        // The sign-in page and its form posts: anyone.
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null && pattern is "/login" or "/account/login" or "/account/logout") return Public;
        if (authorize.Contains(SawmillPolicies.DashboardAdmin)) return DashboardAdmin;
        if (authorize.Contains(SawmillPolicies.DashboardViewer)) return Dashboard;
        var policies = authorize.Select(SawmillPolicies.ScopeNameOf).OfType<string>().ToList();
        if (policies.Count > 0) return policies.Contains("admin") ? "admin" : policies.Contains("read") ? "read" : "ingest";
        if (pattern is "/healthz" or "/openapi/{documentName}.json") return Public;
        if (endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor")) return Public;
        // Blazor's fallback for paths that look like files: it answers 404 so they do not reach the router.
        if (pattern == "{**path:file}" && endpoint.Metadata.Any(m => m.GetType().Name == "FallbackMetadata")) return Public;
        // Blazor's circuit hub: a circuit renders only components that a page prerendered, and every page needs a sign-in.
        if (IsCircuit(pattern)) return Public;
        return null;
    }

    private static bool IsGrpc(RouteEndpoint endpoint) => endpoint.DisplayName?.StartsWith("gRPC", StringComparison.Ordinal) == true;

    private static bool IsCircuit(string pattern) => pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern == "/_framework/opaque-redirect";

    private async Task ExpectSignInAsync(string method, string path, string? key, List<string> failures)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = _silo.Client.BaseAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.AbsolutePath != "/login")
            failures.Add($"{method} {path} with {(key is null ? "no cookie" : "a key and no cookie")}: {(int)response.StatusCode} {response.Headers.Location}, expected a redirect to /login");
    }

    private async Task ExpectAsync(string method, string path, string? key, HttpStatusCode expected, List<string> failures)
    {
        using var client = new HttpClient { BaseAddress = _silo.Client.BaseAddress };
        await ExpectAsync(client, method, path, key, expected, failures);
    }

    private static async Task ExpectAsync(HttpClient client, string method, string path, string? key, HttpStatusCode expected, List<string> failures)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (method is "POST" or "PUT") request.Content = Body(Examples.Log("must-not-be-stored"));
        using var response = await client.SendAsync(request);
        if (response.StatusCode != expected)
            failures.Add($"{method} {path} with {(key is null ? "no key" : key[..8] + "…")}: {(int)response.StatusCode}, expected {(int)expected}");
    }

    private static IEnumerable<string> Methods(RouteEndpoint endpoint)
        => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    // Every parameter as "1", which also meets the int constraints; gRPC's patterns have no leading slash.
    private static string PathOf(RouteEndpoint endpoint) => ("/" + Parameter().Replace(endpoint.RoutePattern.RawText ?? "", "1")).Replace("//", "/");

    private static string Describe(RouteEndpoint endpoint)
        => $"{string.Join(",", Methods(endpoint))} {endpoint.RoutePattern.RawText} ({endpoint.DisplayName})";

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _silo.DisposeAsync();
    }
}
