using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Localization;

/// <summary>
/// An alert in the API and the hub: its figures, plus <c>message</c>, the wall-board's line in English, for clients
/// written when the engine built that sentence (docs/events.md). The text is written here, by the one formatter of
/// the web layer, not in the grains.
/// </summary>
internal sealed class AlertJsonConverter(IStringLocalizerFactory localizers, CenterClock clock) : JsonConverter<Alert>
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo(Languages.English);
    private readonly IStringLocalizer _text = localizers.Create(typeof(UiText));

    public override Alert Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        (JsonSerializer.Deserialize<AlertDocument>(ref reader, options) ?? throw new JsonException("an alert is required")).ToAlert();

    public override void Write(Utf8JsonWriter writer, Alert value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, AlertDocument.From(value, EnglishLine(value)), options);

    private string EnglishLine(Alert alert)
    {
        // The resource localizer reads the current UI culture; the API's message is English whoever asks.
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = English;
        try
        {
            return _text.AlertLine(alert, clock: clock);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}

/// <summary>The JSON shape of <see cref="Alert"/>: its fields in their published order, with the English message.</summary>
internal sealed record AlertDocument(
    string Id, AlertScope Scope, string SubjectId, string SubjectName, string Rule, AlertSeverity Severity,
    string Message, double Value, double Threshold, double Peak, bool Holding, string? Reason, DateTimeOffset RaisedAt,
    DateTimeOffset? ClearedAt, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt)
{
    public static AlertDocument From(Alert a, string message) => new(
        a.Id, a.Scope, a.SubjectId, a.SubjectName, a.Rule, a.Severity, message, a.Value, a.Threshold, a.Peak, a.Holding,
        a.Reason, a.RaisedAt, a.ClearedAt, a.AcknowledgedBy, a.AcknowledgedAt);

    public Alert ToAlert() =>
        new(Id, Scope, SubjectId, SubjectName, Rule, Severity, Value, Threshold, RaisedAt, ClearedAt, AcknowledgedBy, AcknowledgedAt)
        {
            Peak = Peak,
            Holding = Holding,
            Reason = Reason,
        };
}

internal static class AlertJsonExtensions
{
    /// <summary>Adds the alert converter to the HTTP API's and the hub's JSON options.</summary>
    public static IServiceCollection AddAlertJson(this IServiceCollection services)
    {
        services.AddOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>()
            .Configure<IStringLocalizerFactory, CenterClock>((o, l, c) => o.SerializerOptions.Converters.Add(new AlertJsonConverter(l, c)));
        services.AddOptions<Microsoft.AspNetCore.SignalR.JsonHubProtocolOptions>()
            .Configure<IStringLocalizerFactory, CenterClock>((o, l, c) => o.PayloadSerializerOptions.Converters.Add(new AlertJsonConverter(l, c)));
        return services;
    }
}
