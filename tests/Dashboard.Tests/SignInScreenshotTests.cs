using System.Net;
using Microsoft.Playwright;
using Sawmill.Dashboard.Tests.Support;
using Sawmill.Silo.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sawmill.Dashboard.Tests;

/// <summary>Screenshots of the sign-in page and the Access page (security on), beside the main pages'.</summary>
public sealed class SignInScreenshotTests(SecuredDashboardFixture fixture) : IClassFixture<SecuredDashboardFixture>
{
    [Fact]
    public async Task Screenshots_of_the_sign_in_and_access_pages()
    {
        using (var admin = fixture.Silo.ClientWithKey(SecuredSilo.AdminKey))
        {
            foreach (var body in new[]
            {
                """{"name":"payment shipper","scopes":["ingest"],"service":"PaymentService","rate_per_second":2000}""",
                """{"name":"grafana","scopes":["read"]}""",
            })
            {
                using var key = await admin.PostAsync("/api/v1/keys", Json.Body(body));
                Assert.Equal(HttpStatusCode.Created, key.StatusCode);
            }
            using var user = await admin.PostAsync("/api/v1/users", Json.Body("""{"name":"oncall","password":"oncall-password-1","role":"viewer"}"""));
            Assert.Equal(HttpStatusCode.Created, user.StatusCode);
        }

        await using var page = await fixture.OpenSignedOutAsync("/login?returnUrl=%2Faccess");
        await Expect(page.Page.Locator("#sign-in")).ToBeVisibleAsync();
        await ScreenshotTests.SaveAsync(page, "sign-in");

        await page.Page.FillAsync("#name", "admin");
        await page.Page.FillAsync("#password", SecuredSilo.AdminPassword);
        await page.Page.ClickAsync("#sign-in-button");
        await page.Page.WaitForSelectorAsync("#circuit-ready", new() { State = WaitForSelectorState.Attached });
        await Expect(page.Page.Locator("tr[data-user='oncall']")).ToBeVisibleAsync();
        await ScreenshotTests.SaveAsync(page, "access");
        Assert.Empty(page.Errors);
    }
}
