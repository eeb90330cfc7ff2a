using System.Globalization;
using System.Security.Claims;
using Sawmill.Dashboard.Security;

namespace Sawmill.Silo.Security;

/// <summary>The API key an ingestion request came with: the service it may write as (null: any) and its items per second (null: no limit of its own).</summary>
public sealed record IngestCaller(string KeyId, string? Service, int? RatePerSecond)
{
    /// <summary>The key behind a request, if it carried a valid one.</summary>
    public static IngestCaller? Of(ClaimsPrincipal? user) => user?.FindFirst(SawmillClaims.KeyId)?.Value is { } id
        ? new IngestCaller(id, user.FindFirst(SawmillClaims.Service)?.Value,
            int.TryParse(user.FindFirst(SawmillClaims.RatePerSecond)?.Value, CultureInfo.InvariantCulture, out var rate) ? rate : null)
        : null;
}
