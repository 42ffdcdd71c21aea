namespace Dashboard.Web.Simulation;

public static class SimulatorExtensions
{
    public static WebApplicationBuilder AddSimulator(this WebApplicationBuilder builder) => builder;
}
