using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dashboard.Web.Localization;

/// <summary>MudBlazor's own texts (pager buttons, date-range picker, close buttons…) from our resource, under
/// their MudBlazor key (e.g. <c>MudTablePager_NextPage</c>); keys we do not have fall back to MudBlazor's English.</summary>
public sealed class DashboardMudLocalizer(IStringLocalizer<UiText> text) : MudLocalizer
{
    public override LocalizedString this[string key] => text[key];

    public override LocalizedString this[string key, params object[] arguments] => text[key, arguments];
}
