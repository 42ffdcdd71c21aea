using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Web.Ingestion;
using Dashboard.Web.TimeSeries;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Serialization code generated at build time for what the API and the hub send most: no reflection at first
/// use, and generated property access on every write. <see cref="JsonDefaults"/> puts it first in the chain;
/// names and enum words still come from the options there.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EventsEndpoint.Response))]
[JsonSerializable(typeof(FloorState))]
[JsonSerializable(typeof(FloorDelta))]
[JsonSerializable(typeof(QueueSnapshot))]
[JsonSerializable(typeof(AgentSnapshot))]
[JsonSerializable(typeof(IReadOnlyList<QueueSnapshot>))]
[JsonSerializable(typeof(IReadOnlyList<AgentSnapshot>))]
[JsonSerializable(typeof(IReadOnlyList<Alert>))]
[JsonSerializable(typeof(Dashboard.Web.Localization.AlertDocument))]
[JsonSerializable(typeof(IReadOnlyList<QueueIntervalRow>))]
[JsonSerializable(typeof(IReadOnlyList<AgentDayRow>))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
