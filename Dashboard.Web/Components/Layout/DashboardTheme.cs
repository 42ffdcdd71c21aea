using MudBlazor;

namespace Dashboard.Web.Components.Layout;

/// <summary>One dark theme for the wall-board and the desk pages.</summary>
public static class DashboardTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteDark = new PaletteDark
        {
            Background = "#101418",
            Surface = "#1a2027",
            AppbarBackground = "#151b21",
            Primary = "#4fa3f7",
            // Dark text on the bright fills of filled buttons and chips: white on them reads below WCAG AA (4.5:1).
            PrimaryContrastText = "#0b0f13",
            SuccessContrastText = "#0b0f13",
            WarningContrastText = "#0b0f13",
            InfoContrastText = "#0b0f13",
        },
    };
}
