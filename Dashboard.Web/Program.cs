using Dashboard.Web.Api;
using Dashboard.Web.Audit;
using Dashboard.Web.Complaints;
using Dashboard.Web.Components;
using Dashboard.Web.Durability;
using Dashboard.Web.Hosting;
using Dashboard.Web.Ingestion;
using Dashboard.Web.Live;
using Dashboard.Web.Management;
using Dashboard.Web.Notifications;
using Dashboard.Web.Reports;
using Dashboard.Web.Security;
using Dashboard.Web.Security.Accounts;
using Dashboard.Web.Security.Displays;
using Dashboard.Web.Settings;
using Dashboard.Web.Simulation;
using Dashboard.Web.TimeSeries;

var builder = WebApplication.CreateBuilder(args);
builder.AddReplaySwitches(args); // --replay PATH --speed N: the bank's real day instead of the simulator

builder.AddErrorAnswers();   // problem details for every error, the framework's own and unhandled exceptions too
builder.AddSecurity();       // first: its database exists before anything reads keys from it. Sign-in (Identity), API keys, policies, rate limits
builder.AddTransport();      // which reverse proxy may say who the client is (Network:*)

builder.AddLiveModel();      // Orleans silo co-hosted here, the center's configuration, the event pipeline
builder.AddDemoCenter();     // the demo's queues and agents while the simulator runs, the bank's in a replay; a real center's own only
builder.AddDurability();     // the journal: what a source was told was accepted survives a crash, replayed at start
builder.AddIngestion();      // POST /api/events
builder.AddLiveFeed();       // floor subscription per host, SignalR hub
builder.AddReadApi();        // GET /api/queues, /api/agents, /api/alerts, OpenAPI, health
builder.AddTimeSeries();     // history: InfluxDB, or the embedded store when none is configured
builder.AddReports();        // GET /api/reports/queues and /agents (JSON, CSV), the /reports page
builder.AddManagement();     // managers' changes (agents' queues), the audit log, webhooks to an external ACD
builder.AddComplaints();     // the complaint desk: due times, the list, supervisors' actions
builder.AddNotifications();  // alerts off the screen: e-mail, WeCom, DingTalk, Slack, Teams; repeats; the delivery log
builder.AddCenterSettings(); // queues' service-level settings, alert levels, the staffing plan: kept, live, audited
builder.AddSimulator();      // the built-in ACD, on unless another source is configured
builder.AddDashboardUi();    // Blazor Server + MudBlazor
builder.AddTelemetry();      // metrics: /metrics (Prometheus) and OTLP

var app = builder.Build();

app.UseTransport();          // first: the client's address and scheme as a known proxy saw them
app.UseErrorAnswers();
app.UseSecurity();
app.UseDashboardUi();
app.MapAccounts();
app.MapDisplayLinks();
app.MapIngestion();
app.MapReadApi();
app.MapManagement();
app.MapCenterSettings();
app.MapComplaints();
app.MapNotifications();
app.MapAudit();
app.MapLiveHub();
app.MapDashboardUi();
app.MapTimeSeries();
app.MapReports();
app.MapTelemetry();

app.Run();

/// <summary>Entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
