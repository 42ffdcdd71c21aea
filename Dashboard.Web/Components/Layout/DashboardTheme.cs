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
        },
    };
}
