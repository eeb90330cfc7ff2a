using MudBlazor;

namespace Sawmill.Dashboard.Components.Layout;

/// <summary>The dashboard's MudBlazor theme: dense, the system UI font (no web font is fetched), level colours that read
/// in light and dark mode.</summary>
public static class Theme
{
    /// <summary>The localStorage key that keeps a browser's choice of dark mode.</summary>
    public const string DarkModeKey = "sawmill-dark-mode";

    public static readonly MudTheme Sawmill = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0d6efd",
            AppbarBackground = "#1d2330",
            DrawerBackground = "#1d2330",
            DrawerText = "#cfd6e4",
            DrawerIcon = "#cfd6e4",
            Background = "#f3f5f8",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6ea8fe",
            AppbarBackground = "#141821",
            DrawerBackground = "#141821",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
                FontSize = ".875rem",
            },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "190px", AppbarHeight = "48px" },
    };
}
