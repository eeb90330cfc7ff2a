using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;

namespace Sawmill.Dashboard;

/// <summary>The dashboard's endpoints, for the host to add its authorization to.</summary>
public sealed record DashboardEndpoints(RazorComponentsEndpointConventionBuilder Pages, HubEndpointConventionBuilder Hub);
