using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Sawmill.Dashboard.Tests.Support;

/// <summary>A browser tab on the dashboard that records console errors, page errors and dialogs.</summary>
public sealed class DashboardPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _dialogs = new();

    private DashboardPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) => { if (message.Type == "error") _errors.Enqueue(message.Text); };
        page.PageError += (_, error) => _errors.Enqueue(error);
        page.Dialog += async (_, dialog) =>
        {
            _dialogs.Enqueue(dialog.Message);
            await dialog.DismissAsync();
        };
    }

    public IPage Page { get; }

    public IReadOnlyCollection<string> Errors => _errors;

    public IReadOnlyCollection<string> Dialogs => _dialogs;

    /// <summary>A new tab on <paramref name="path"/>; with <paramref name="circuit"/> false it does not wait for a circuit
    /// (the sign-in page has none).</summary>
    public static async Task<DashboardPage> OpenAsync(IBrowser browser, Uri baseAddress, string path, bool circuit = true)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        var page = new DashboardPage(context, await context.NewPageAsync());
        if (circuit) await page.GotoAsync(path);
        else await page.Page.GotoAsync(path);
        return page;
    }

    /// <summary>Loads the page and waits for its circuit: before that, clicks do nothing.</summary>
    public async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await Page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 20_000 });
    }

    /// <summary>Opens the MudSelect matched by <paramref name="select"/> and picks the item with that text.</summary>
    public async Task ChooseAsync(string select, string item)
    {
        await Page.Locator(select).ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasTextString = item }).First.ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden });
    }

    /// <summary>The log table's row of that entry (its first cell carries the id).</summary>
    public ILocator Row(string logId) => Page.Locator("tr.log-row", new PageLocatorOptions { Has = Page.Locator($"[data-log-id=\"{logId}\"]") });

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
