using Dashboard.Tests.Localization;
using Dashboard.Web.Components.Shared;

namespace Dashboard.Tests.Components;

public class KpiFormulasTests
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer English = TestText.Localizer;

    [Fact]
    public void ServiceLevel_DefaultFormula_SubtractsShortAbandons() =>
        Assert.Equal(
            "Service level (last 30 min): answered within 20 s / (answered + abandoned − short abandoned); target 80%. — when there were no calls.",
            KpiFormulas.ServiceLevel(English, QueueSettings.Default));

    [Fact]
    public void ServiceLevel_AnsweredOnlyWithFlowOuts_NamesBoth() =>
        Assert.Contains("answered within 15 s / (answered + flowed out)", KpiFormulas.ServiceLevel(English,
            QueueSettings.Default with
            {
                ServiceLevelFormula = ServiceLevelFormula.AnsweredOnly,
                IncludeFlowOuts = true,
                ServiceLevelThresholdSeconds = 15,
            }));
}
