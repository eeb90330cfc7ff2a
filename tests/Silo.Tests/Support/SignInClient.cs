using System.Net;
using System.Text.RegularExpressions;

namespace Sawmill.Silo.Tests.Support;

/// <summary>A browser-like HTTP client of the dashboard's sign-in: it keeps cookies, reads the sign-in form's
/// antiforgery token and posts the form, without following redirects so tests see where they go.</summary>
public sealed partial class SignInClient : IDisposable
{
    private readonly HttpClientHandler _handler;

    public SignInClient(Uri baseAddress, HttpMessageHandler? inner = null)
    {
        _handler = new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        Http = new HttpClient(_handler) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    /// <summary>Loads /login and posts its form; returns the answer (a redirect).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string name, string password, string returnUrl = "/")
    {
        var form = await Http.GetStringAsync("/login");
        var token = Token().Match(form);
        Assert.True(token.Success, "the sign-in form has no antiforgery token");
        return await Http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value), ["name"] = name, ["password"] = password, ["returnUrl"] = returnUrl,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }
}
