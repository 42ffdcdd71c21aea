namespace Dashboard.Web.Complaints;

public static class ComplaintsExtensions
{
    /// <summary>The complaint desk: its due-time rules (section Complaints) and the service behind the page and the API.</summary>
    public static void AddComplaints(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ComplaintOptions>().Bind(builder.Configuration.GetSection(ComplaintOptions.Section))
            .Validate(o => !o.Problems().Any(), "Complaints: the due times are not valid (FirstResponse positive, Resolution at least FirstResponse, AlertEvery at least 0.1 s).")
            .ValidateOnStart();
        builder.Services.AddSingleton<ComplaintDuePolicies>();
        builder.Services.AddSingleton<ComplaintDesk>();
        builder.Services.AddSingleton<IComplaintDesk>(sp => sp.GetRequiredService<ComplaintDesk>());
        builder.Services.AddHostedService<DeskAlertWatcher>();
        builder.Services.AddSingleton<LowScoreDesk>();
        builder.Services.AddSingleton<CallbackBoard>();
    }
}
