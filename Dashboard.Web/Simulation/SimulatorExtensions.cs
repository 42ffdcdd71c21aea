using Dashboard.Web.Management;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Simulation;

public static class SimulatorExtensions
{
    /// <summary>
    /// The built-in ACD simulator (section "Simulator"), registered only when <c>Simulator:Enabled</c> is true
    /// (the default). It feeds the same <see cref="Grains.Ingestion.IEventSink"/> as every other source.
    /// </summary>
    public static WebApplicationBuilder AddSimulator(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SimulatorOptions.Section);
        var options = builder.Services.AddOptions<SimulatorOptions>().Bind(section);
        if (section.GetValue(nameof(SimulatorOptions.Enabled), true))
        {
            // Bad tunables fail the start with every problem named, rather than a simulator that silently stalls.
            builder.Services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();
            options.ValidateOnStart();
            builder.Services.AddSingleton<AcdSimulator>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<AcdSimulator>());
            builder.Services.AddSingleton<IAcdControl>(sp => sp.GetRequiredService<AcdSimulator>()); // it is the ACD
        }
        else
        {
            builder.Services.AddSingleton<IAcdControl, PipelineAcdControl>();
        }
        return builder;
    }

    private sealed class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
    {
        public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
