using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Silo.Tests.Support;
using static Sawmill.Silo.Tests.Support.Json;

namespace Sawmill.Silo.Tests.Security;

/// <summary>The dashboard's sign-in over HTTP, as a browser does it: the seeded admin and users made through the API,
/// lockout, throttling per address, antiforgery, no open redirect, and the cookie's flags.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    public const string AdminPassword = SecuredSilo.AdminPassword;

    private TestSilo _silo = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync(Secured(("Security:SignInAttemptsPerMinute", "100")));
        _admin = _silo.ClientWithKey(ApiKeyTests.AdminKey);
    }

    private static Dictionary<string, string?> Secured(params (string Key, string Value)[] more) => SecuredSilo.Settings(more);

    [Fact]
    public async Task The_configured_admin_signs_in_and_comes_back_to_the_page_asked_for()
    {
        using var browser = new SignInClient(_silo.Client.BaseAddress!);
        using (var page = await browser.Http.GetAsync("/alerts"))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Equal("/login", page.Headers.Location!.AbsolutePath);
        }

        using var signedIn = await browser.SignInAsync("admin", AdminPassword, "/alerts");

        Assert.Equal((HttpStatusCode.Redirect, "/alerts"), (signedIn.StatusCode, signedIn.Headers.Location!.OriginalString));
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sawmill.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        using var alerts = await browser.Http.GetAsync("/alerts");
        Assert.Equal(HttpStatusCode.OK, alerts.StatusCode);
        using var orleans = await browser.Http.GetAsync("/orleans/");
        Assert.Equal(HttpStatusCode.OK, orleans.StatusCode);
    }

    [Fact]
    public async Task A_viewer_reads_the_pages_but_not_the_Orleans_Dashboard_and_a_wrong_password_says_nothing_more()
    {
        await CreateUserAsync("vera", "viewer-password-1", "viewer");
        using var browser = new SignInClient(_silo.Client.BaseAddress!);
        using (var wrong = await browser.SignInAsync("vera", "not-her-password"))
            Assert.Equal("/login?error=invalid&returnUrl=%2F", wrong.Headers.Location!.OriginalString);
        using (var unknown = await browser.SignInAsync("nobody", "not-her-password"))
            Assert.Equal("/login?error=invalid&returnUrl=%2F", unknown.Headers.Location!.OriginalString);

        using (var signedIn = await browser.SignInAsync("vera", "viewer-password-1"))
            Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        using (var overview = await browser.Http.GetAsync("/"))
            Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        using var orleans = await browser.Http.GetAsync("/orleans/");
        Assert.Equal(HttpStatusCode.Forbidden, orleans.StatusCode);
    }

    [Fact]
    public async Task Repeated_failed_sign_ins_lock_the_user_out_even_for_the_right_password()
    {
        await CreateUserAsync("locky", "locky-password-1", "viewer");
        using var browser = new SignInClient(_silo.Client.BaseAddress!);
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await browser.SignInAsync("locky", $"guess-{i}");
            Assert.Contains("error=invalid", wrong.Headers.Location!.OriginalString);
        }
        using (var fifth = await browser.SignInAsync("locky", "guess-5"))
            Assert.Contains("error=locked", fifth.Headers.Location!.OriginalString);

        using var right = await browser.SignInAsync("locky", "locky-password-1");
        Assert.Contains("error=locked", right.Headers.Location!.OriginalString);
        using var verify = await _admin.PostAsync("/api/v1/users/verify", Body("""{"name":"locky","password":"locky-password-1"}"""));
        Assert.Equal(HttpStatusCode.Locked, verify.StatusCode);
        Assert.NotNull((await verify.ReadNode())["locked_until"]);
    }

    [Fact]
    public async Task A_sign_in_without_the_forms_antiforgery_token_or_to_another_site_is_refused()
    {
        using var browser = new SignInClient(_silo.Client.BaseAddress!);
        using (var forged = await browser.Http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "admin", ["password"] = AdminPassword })))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        using var away = await browser.SignInAsync("admin", AdminPassword, "//evil.example/phish");
        Assert.Equal("/", away.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_users_api_adds_lists_and_removes_users_without_showing_password_hashes()
    {
        await CreateUserAsync("ursula", "ursula-password-1", "admin");
        using (var duplicate = await _admin.PostAsync("/api/v1/users", Body("""{"name":"ursula","password":"another-password-1","role":"viewer"}""")))
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        using (var weak = await _admin.PostAsync("/api/v1/users", Body("""{"name":"shorty","password":"short","role":"viewer"}""")))
            Assert.Contains("at least 12", (string)(await weak.ReadNode())["detail"]!);

        var list = await _admin.GetNode("/api/v1/users");
        Assert.Equal("admin", (string)list["users"]!.AsArray().Single(u => (string)u!["name"]! == "ursula")!["role"]!);
        Assert.DoesNotContain("password", list.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        using (var removed = await _admin.DeleteAsync("/api/v1/users/ursula"))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var browser = new SignInClient(_silo.Client.BaseAddress!);
        using var gone = await browser.SignInAsync("ursula", "ursula-password-1");
        Assert.Contains("error=invalid", gone.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_ins_from_one_address_are_throttled_before_any_password_is_checked()
    {
        await using var silo = await TestSilo.StartAsync(Secured(("Security:SignInAttemptsPerMinute", "3")));
        using var browser = new SignInClient(silo.Client.BaseAddress!);
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await browser.SignInAsync($"guesser-{i}", "guess");
            Assert.Contains("error=invalid", wrong.Headers.Location!.OriginalString);
        }
        using var right = await browser.SignInAsync("admin", AdminPassword);
        Assert.Contains("error=throttled", right.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Behind_https_the_sign_in_cookie_is_secure()
    {
        var certificate = Path.Combine(Path.GetTempPath(), $"sawmill-test-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(certificate, self.Export(X509ContentType.Pfx, "test"));
        }
        try
        {
            // Kestrel's own HTTPS configuration, as README's Security section shows it.
            await using var silo = await TestSilo.StartAsync(Secured(
                ("Kestrel:Endpoints:Https:Url", "https://127.0.0.1:0"), ("Kestrel:Endpoints:Https:Certificate:Path", certificate),
                ("Kestrel:Endpoints:Https:Certificate:Password", "test")));
            var https = silo.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal));
            using var browser = new SignInClient(new Uri(https));
            using var signedIn = await browser.SignInAsync("admin", AdminPassword);
            var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sawmill.auth=", StringComparison.Ordinal));
            Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(certificate);
        }
    }

    private async Task CreateUserAsync(string name, string password, string role)
    {
        using var response = await _admin.PostAsync("/api/v1/users", Body($$"""{"name":"{{name}}","password":"{{password}}","role":"{{role}}"}"""));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _silo.DisposeAsync();
    }
}
