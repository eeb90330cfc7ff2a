using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sawmill.Silo;

/// <summary>/healthz's answer: the overall status and each check's status, description and figures, as JSON.</summary>
internal static class HealthReportWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            foreach (var (key, value) in entry.Data)
            {
                json.WritePropertyName(key);
                JsonSerializer.Serialize(json, value, value.GetType());
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }
}
