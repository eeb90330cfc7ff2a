using System.Net;
using Microsoft.Playwright;
using Sawmill.Dashboard.Tests.Support;
using Sawmill.Silo.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sawmill.Dashboard.Tests;

/// <summary>Sign-in on the dashboard hosted by the silo.</summary>
public sealed class EmbeddedSignInPagesTests(SecuredDashboardFixture fixture) : SignInPagesTests<SecuredDashboardFixture>(fixture);

/// <summary>The same on a standalone dashboard host, which checks passwords through the silo's API.</summary>
public sealed class StandaloneSignInPagesTests(SecuredStandaloneDashboardFixture fixture) : SignInPagesTests<SecuredStandaloneDashboardFixture>(fixture);

/// <summary>With security on, the dashboard in real Chromium: sign-in first, back to the page asked for, a viewer
/// cannot acknowledge, an admin can, sign-out ends it.</summary>
public abstract class SignInPagesTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : DashboardFixture
{

    [Fact]
    public async Task A_page_asks_for_a_sign_in_first_and_a_viewer_sees_alerts_without_acknowledging_them()
    {
        await CreateUserAsync("violet", "violet-password-1", "viewer");
        await PostAsync("""{"message_type":"LOG","node_id":"signin-1","service_name":"SignInService","log_level":"ERROR","message":"vault door ajar","error_details":{"error_code":"VAULT"}}""");

        await using var page = await fixture.OpenSignedOutAsync("/alerts?service=SignInService");
        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl="));
        await SignInAsync(page, "violet", "violet-password-1");

        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/alerts\\?service=SignInService$"));
        await page.Page.WaitForSelectorAsync("#circuit-ready", new() { State = WaitForSelectorState.Attached });
        await Expect(page.Page.Locator("#signed-in-user")).ToHaveTextAsync("violet");
        var row = page.Page.Locator("tr", new() { HasTextString = "VAULT" });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator(".ack")).ToHaveCountAsync(0);
        await Expect(row).ToContainTextAsync("open");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task An_admin_acknowledges_as_themself_and_signing_out_ends_the_session()
    {
        await PostAsync("""{"message_type":"LOG","node_id":"signin-2","service_name":"AdminAckService","log_level":"ERROR","message":"fridge warm","error_details":{"error_code":"FRIDGE"}}""");
        await using var page = await fixture.OpenSignedOutAsync("/alerts?service=AdminAckService");
        await SignInAsync(page, "admin", SecuredSilo.AdminPassword);
        await page.Page.WaitForSelectorAsync("#circuit-ready", new() { State = WaitForSelectorState.Attached });

        var row = page.Page.Locator("tr", new() { HasTextString = "FRIDGE" });
        await row.Locator(".ack").ClickAsync();
        await Expect(row).ToContainTextAsync("by admin");

        await page.Page.ClickAsync("#sign-out");
        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login$"));
        await page.Page.GotoAsync("/");
        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl=%2F$"));
    }

    [Fact]
    public async Task A_wrong_password_shows_the_reason_on_the_sign_in_page()
    {
        await using var page = await fixture.OpenSignedOutAsync("/login");
        await SignInAsync(page, "admin", "not-the-password");
        await Expect(page.Page.Locator("#sign-in-error")).ToHaveTextAsync("Wrong user or password.");
        var cookies = await page.Page.Context.CookiesAsync();
        Assert.DoesNotContain(cookies, c => c.Name == "sawmill.auth");
    }

    [Fact]
    public async Task An_admin_makes_and_revokes_a_key_and_adds_a_viewer_on_the_access_page_which_a_viewer_may_not_open()
    {
        await using var page = await fixture.OpenSignedOutAsync("/access");
        await SignInAsync(page, "admin", SecuredSilo.AdminPassword);
        await page.Page.WaitForSelectorAsync("#circuit-ready", new() { State = WaitForSelectorState.Attached });

        await page.Page.FillAsync("#key-name", "page-made shipper");
        await page.Page.FillAsync("#key-service", "PageService");
        await page.Page.ClickAsync("#create-key");
        var secret = await page.Page.Locator("#new-key-secret").TextContentAsync();
        Assert.StartsWith("swm_", secret);
        using (var shipper = fixture.Silo.ClientWithKey(secret!))
        using (var posted = await shipper.PostEvents("""{"message_type":"LOG","node_id":"page-1","service_name":"PageService","log_level":"INFO","message":"with a key made on the page"}"""))
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var row = page.Page.Locator("tr[data-key-id]", new() { HasTextString = "page-made shipper" });
        await row.Locator(".revoke").ClickAsync();
        await Expect(row).ToContainTextAsync("revoked");
        using (var revoked = fixture.Silo.ClientWithKey(secret!))
        using (var refused = await revoked.PostEvents("""{"message_type":"LOG","node_id":"page-1","service_name":"PageService","log_level":"INFO","message":"after revoking"}"""))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        await page.Page.FillAsync("#user-name", "paige");
        await page.Page.FillAsync("#user-password", "paige-password-1");
        await page.Page.ClickAsync("#add-user");
        await Expect(page.Page.Locator("tr[data-user='paige']")).ToContainTextAsync("viewer");

        await using var viewer = await fixture.OpenSignedOutAsync("/login");
        await SignInAsync(viewer, "paige", "paige-password-1");
        await viewer.Page.WaitForSelectorAsync("#circuit-ready", new() { State = WaitForSelectorState.Attached });
        await Expect(viewer.Page.Locator("#nav-access")).ToHaveCountAsync(0);
        await Expect(viewer.Page.Locator("#orleans-dashboard")).ToHaveCountAsync(0);
        var forbidden = await viewer.Page.GotoAsync("/access");
        Assert.Equal(403, forbidden!.Status);
    }

    private static async Task SignInAsync(DashboardPage page, string name, string password)
    {
        await page.Page.FillAsync("#name", name);
        await page.Page.FillAsync("#password", password);
        await page.Page.ClickAsync("#sign-in-button");
    }

    private async Task CreateUserAsync(string name, string password, string role)
    {
        using var admin = fixture.Silo.ClientWithKey(SecuredSilo.AdminKey);
        using var response = await admin.PostAsync("/api/v1/users", Json.Body($$"""{"name":"{{name}}","password":"{{password}}","role":"{{role}}"}"""));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    private async Task PostAsync(params string[] items)
    {
        using var admin = fixture.Silo.ClientWithKey(SecuredSilo.AdminKey);
        using var response = await admin.PostEvents(Examples.Array(items));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
