using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Web.Hosting;

/// <summary>
/// One JSON shape for the HTTP API and the hub: camelCase names, enums as the contract's words
/// (on_call, wrap_up, not_ready, voice, warning…; service-level formulas in kebab-case), nulls written.
/// </summary>
public static class JsonDefaults
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter<ServiceLevelFormula>(JsonNamingPolicy.KebabCaseLower));
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.TypeInfoResolverChain.Insert(0, DashboardJsonContext.Default);
    }

    /// <summary>Options of their own (for what the dashboard stores as JSON): generated code first, reflection for the rest.</summary>
    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Apply(options);
        options.TypeInfoResolverChain.Add(new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver());
        options.MakeReadOnly();
        return options;
    }
}
