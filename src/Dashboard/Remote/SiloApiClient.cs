using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Sawmill.Dashboard.Backend;
using Sawmill.Dashboard.Security;
using Sawmill.Grains.Interfaces.Security;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Cluster;
using Sawmill.Grains.Storage;

namespace Sawmill.Dashboard.Remote;

/// <summary>A silo's HTTP API as the standalone dashboard's backend and log reader: the same answers the API gives
/// curl, read back into the records the pages use. A 400 on a query comes back as the store's QuerySyntaxException.</summary>
public sealed class SiloApiClient(HttpClient http) : IDashboardBackend, ILogReader, IUserVerifier, IAccessBackend
{
    public async Task<IReadOnlyList<KeyView>> ListKeysAsync(CancellationToken cancellationToken)
        => (await GetAsync<KeyList>("api/v1/keys", cancellationToken))?.Keys ?? [];

    public async Task<(CreatedKey? Key, AccessProblem? Problem)> CreateKeyAsync(NewKeyRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/v1/keys", request, SawmillJson.Options, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<CreatedKey>(SawmillJson.Options, cancellationToken), null)
            : (null, await ProblemAsync(response, cancellationToken));
    }

    public async Task<bool> RevokeKeyAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/v1/keys/{Uri.EscapeDataString(id)}", cancellationToken);
        return response.IsSuccessStatusCode;
    }

    public async Task<IReadOnlyList<UserView>> ListUsersAsync(CancellationToken cancellationToken)
        => (await GetAsync<UserList>("api/v1/users", cancellationToken))?.Users ?? [];

    public async Task<(UserView? User, AccessProblem? Problem)> AddUserAsync(NewUserRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/v1/users", request, SawmillJson.Options, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<UserView>(SawmillJson.Options, cancellationToken), null)
            : (null, await ProblemAsync(response, cancellationToken));
    }

    public async Task<bool> RemoveUserAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/v1/users/{Uri.EscapeDataString(name)}", cancellationToken);
        return response.IsSuccessStatusCode;
    }

    // The silo's problem details, back into what the in-process backend would have said.
    private static async Task<AccessProblem> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return new AccessProblem(problem?["field"]?.GetValue<string>() ?? "", problem?["detail"]?.GetValue<string>() ?? $"The silo answered {(int)response.StatusCode}.",
            Conflict: response.StatusCode == HttpStatusCode.Conflict);
    }

    /// <summary>Signs a user in against the silo's users (POST /api/v1/users/verify, with this host's admin key).</summary>
    public async Task<SignInOutcome> VerifyAsync(string name, string password, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/v1/users/verify", new { name, password }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Locked)
            return SignInOutcome.Locked((await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["locked_until"]?.GetValue<DateTimeOffset>() ?? DateTimeOffset.MaxValue);
        if (response.StatusCode is HttpStatusCode.Unauthorized) return SignInOutcome.Invalid;
        var user = await ReadAsync<JsonObject>(response, cancellationToken);
        return user?["name"]?.GetValue<string>() is { } signedIn && DashboardRoles.Parse(user["role"]?.GetValue<string>()) is { } role
            ? SignInOutcome.Success(signedIn, role)
            : SignInOutcome.Invalid;
    }

    public async ValueTask<LogPage> SearchAsync(LogQuery query, CancellationToken cancellationToken = default)
        => (await GetAsync<LogPage>($"api/v1/logs?{LogQueryParser.Format(query)}", cancellationToken))!;

    public async ValueTask<SawmillMessage?> GetAsync(string logId, string? nodeId = null, CancellationToken cancellationToken = default)
        => await GetAsync<SawmillMessage>($"api/v1/logs/{Uri.EscapeDataString(logId)}{(nodeId is null ? "" : $"?node={Uri.EscapeDataString(nodeId)}")}", cancellationToken);

    public async ValueTask<LogHistogram> HistogramAsync(LogQuery query, TimeSpan interval, CancellationToken cancellationToken = default)
        => (await GetAsync<HistogramResponse>($"api/v1/logs/histogram?{LogQueryParser.Format(query, LogQueryParser.FormatInterval(interval))}", cancellationToken))!
            .ToHistogram();

    public async ValueTask<LogStoreStats> GetStatsAsync(CancellationToken cancellationToken = default)
        => (await GetAsync<LogStoreStats>("api/v1/logs/stats", cancellationToken))!;

    public async Task<NodeDetails?> GetNodeDetailsAsync(string nodeId, CancellationToken cancellationToken = default)
        => await GetAsync<NodeDetails>($"api/v1/nodes/{Uri.EscapeDataString(nodeId)}", cancellationToken);

    /// <summary>Every node the silo knows.</summary>
    public async Task<IReadOnlyList<NodeSummary>> ListNodesAsync(CancellationToken cancellationToken = default)
        => await GetAsync<List<NodeSummary>>("api/v1/nodes", cancellationToken) ?? [];

    public async Task<IReadOnlyList<Alert>> ListAlertsAsync(AlertStatus? status, int limit, CancellationToken cancellationToken = default)
    {
        // The API pages at most 1000 alerts.
        var query = $"limit={Math.Clamp(limit, 1, 1000).ToString(CultureInfo.InvariantCulture)}";
        if (status is { } wanted) query += $"&status={wanted.ToString().ToLowerInvariant()}";
        return await GetAsync<List<Alert>>($"api/v1/alerts?{query}", cancellationToken) ?? [];
    }

    public async Task<Alert?> AcknowledgeAlertAsync(string alertId, string by, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsync($"api/v1/alerts/{Uri.EscapeDataString(alertId)}/ack?by={Uri.EscapeDataString(by)}", null, cancellationToken);
        return await ReadAsync<Alert>(response, cancellationToken);
    }

    public string OrleansDashboardUrl => new Uri(http.BaseAddress!, "orleans/").ToString();

    public async Task<ClusterStatistics> GetClusterStatisticsAsync(CancellationToken cancellationToken = default)
        => await GetAsync<ClusterStatistics>("api/v1/runtime/grains", cancellationToken) ?? new ClusterStatistics([], []);

    private async Task<T?> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    /// <summary>The answer's body; null for a 404; a QuerySyntaxException for a 400 (the problem's parameter and detail).</summary>
    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.NotFound) return default;
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            throw new QuerySyntaxException((string?)problem?["parameter"] ?? "query", (string?)problem?["detail"] ?? "The silo refused the query.");
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(SawmillJson.Options, cancellationToken);
    }
}
