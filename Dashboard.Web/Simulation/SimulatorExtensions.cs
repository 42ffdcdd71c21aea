using Dashboard.Web.Hosting;
using Dashboard.Web.Management;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Simulation;

public static class SimulatorExtensions
{
    /// <summary>
    /// The built-in ACD simulator (section "Simulator"), registered only when <c>Simulator:Enabled</c> is true
    /// (the default), and the bank-day replay (section "Replay") when a path is given. Both feed the same
    /// <see cref="Grains.Ingestion.IEventSink"/> as every other source.
    /// </summary>
    public static WebApplicationBuilder AddSimulator(this WebApplicationBuilder builder)
    {
        var replay = builder.Configuration.GetSection(ReplayOptions.Section);
        builder.Services.Configure<ReplayOptions>(replay);
        if (replay.Get<ReplayOptions>() is { Enabled: true })
        {
            builder.Services.AddSource<ReplaySource>(builder.Configuration);
        }

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

public static class ReplayConfiguration
{
    /// <summary><c>--replay PATH --speed N</c>. A replay is the source: the simulator is off, and the demo accounts
    /// are on unless configured. A relative path is looked for from here, then from the repository's root (dotnet run
    /// starts in the project's folder); one that does not exist stops the start, naming it.</summary>
    public static void AddReplaySwitches(this WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddCommandLine(args, ReplayOptions.Switches);
        var key = $"{ReplayOptions.Section}:{nameof(ReplayOptions.Path)}";
        if (builder.Configuration[key] is not { Length: > 0 } path)
            return;
        var found = new[] { path, Path.Combine(builder.Environment.ContentRootPath, "..", path) }.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"Replay:Path (--replay): no file '{path}' here or in the repository's root.", path);
        var settings = new Dictionary<string, string?> { [key] = Path.GetFullPath(found), ["Simulator:Enabled"] = "false" };
        if (builder.Configuration["Accounts:DemoAccounts"] is null)
            settings["Accounts:DemoAccounts"] = "true";
        builder.Configuration.AddInMemoryCollection(settings);
    }
}
