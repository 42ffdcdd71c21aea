namespace Dashboard.Web.Localization;

/// <summary>
/// The one resource of the UI: every text a person reads on a page, a dialog or a snackbar, in
/// <c>UiText.resx</c> (English, the neutral resource) and <c>UiText.zh-CN.resx</c> (Simplified Chinese).
/// Components inject <c>IStringLocalizer&lt;UiText&gt;</c> (as <c>L</c>, from <c>_Imports.razor</c>).
/// API problem details, logs and CSV column headers stay English: they are read by machines and developers.
/// </summary>
public sealed class UiText
{
    private UiText()
    {
    }
}
