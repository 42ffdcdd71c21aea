using Dashboard.Web.Management;
using Dashboard.Web.Simulation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Simulation;

public class SimulatorConfigurationTests
{
    [Fact]
    public void DemoCenter_Appsettings_SixQueuesOverThreeChannelsAndFortyAgentsInFourTeams()
    {
        var (center, _) = Sim.DemoSettings();

        Assert.Equal("UTC", center.TimeZone);
        Assert.Equal(new TimeOnly(0, 0), center.DayStartsAt);
        Assert.Equal(
            ["pre-sales", "after-sales", "complaints", "membership", "technical-support", "email"],
            center.Queues.Select(q => q.Id));
        Assert.Equal(
            [Channel.Voice, Channel.Voice, Channel.Voice, Channel.Voice, Channel.Chat, Channel.Email],
            center.Queues.Select(q => q.Channel));
        Assert.False(center.Queues.Single(q => q.Id == "email").WrapUp);
        Assert.All(center.Queues, q => Assert.False(string.IsNullOrEmpty(q.Name)));

        Assert.Equal(40, center.Agents.Select(a => a.Id).Distinct().Count());
        Assert.Equal(4, center.Agents.Select(a => a.Team).Distinct().Count());
        var queueIds = center.Queues.Select(q => q.Id).ToHashSet();
        Assert.All(center.Agents, a =>
        {
            Assert.InRange(a.Queues.Count, 1, 3);
            Assert.Subset(queueIds, a.Queues.ToHashSet());
            Assert.False(string.IsNullOrEmpty(a.Name));
        });
        Assert.All(center.Queues, q => Assert.Contains(center.Agents, a => a.Queues.Contains(q.Id)));

        Assert.Equal(Sim.AllReasonCodes.Order(), center.ReasonCodes.Select(r => r.Code).Order());
        Assert.All(center.ReasonCodes, r => Assert.False(string.IsNullOrEmpty(r.Label)));
    }

    [Fact]
    public void DemoSimulator_Appsettings_EnabledAtNormalSpeedWithValidTunables()
    {
        var (center, simulator) = Sim.DemoSettings();

        Assert.True(simulator.Enabled);
        Assert.Equal(1, simulator.SpeedFactor);
        Assert.Empty(simulator.Problems());
        Assert.Equal(center.Queues.Select(q => q.Id).Order(), simulator.ArrivalsPerHour.Keys.Order());
        Assert.Subset(center.ReasonCodes.Select(r => r.Code).ToHashSet(), simulator.BreakReasons.Keys.ToHashSet());
    }

    [Fact]
    public void AddSimulator_Enabled_RegistersTheHostedSimulatorAsTheAcd()
    {
        var builder = Builder(("Simulator:Enabled", "true"));

        builder.AddSimulator();

        Assert.Contains(builder.Services, d => d.ServiceType == typeof(AcdSimulator) && d.Lifetime == ServiceLifetime.Singleton);
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationFactory is not null);
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(IAcdControl) && d.ImplementationFactory is not null);
    }

    [Fact]
    public void AddSimulator_Disabled_RegistersNoSimulator()
    {
        var builder = Builder(("Simulator:Enabled", "false"), ("Simulator:SpeedFactor", "0"));

        builder.AddSimulator();

        Assert.DoesNotContain(builder.Services, d => d.ServiceType == typeof(AcdSimulator) || d.ImplementationType == typeof(AcdSimulator));
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(IAcdControl) && d.ImplementationType == typeof(PipelineAcdControl));
        using var services = builder.Services.BuildServiceProvider();
        Assert.False(services.GetRequiredService<IOptions<SimulatorOptions>>().Value.Enabled);
    }

    [Fact]
    public void AddSimulator_BadTunables_FailValidationNamingTheOption()
    {
        var builder = Builder(("Simulator:SpeedFactor", "0"), ("Simulator:HoldProbability", "1.5"));
        builder.AddSimulator();
        using var services = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SimulatorOptions>>().Value);

        Assert.Contains("Simulator:SpeedFactor", error.Message);
        Assert.Contains("Simulator:HoldProbability", error.Message);
    }

    [Fact]
    public void Bind_ChannelAndQueueSettings_ReachTheOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:SpeedFactor"] = "10",
            ["Simulator:Seed"] = "42",
            ["Simulator:ArrivalsPerHour:pre-sales"] = "90",
            ["Simulator:DailyProfile:0"] = "0.5",
            ["Simulator:DailyProfile:1"] = "1",
            ["Simulator:Chat:TalkMedianSeconds"] = "400",
        }).Build();

        var options = configuration.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>()!;

        Assert.Equal((10, 42, 90), (options.SpeedFactor, options.Seed!.Value, options.ArrivalsPerHour["pre-sales"]));
        Assert.Equal([0.5, 1], options.DailyProfile);
        Assert.Equal(400, options.Chat.TalkMedianSeconds);
        Assert.Equal(0.5, options.Chat.TalkSigma); // defaults kept for what is not configured
    }

    private static WebApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        return builder;
    }
}
