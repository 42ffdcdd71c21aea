namespace Dashboard.Web.Security;

/// <summary>Section <c>RateLimits</c>: ingestion per API key, sign-in per client address.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests per second per API key on the ingestion endpoints (each request holds up to 10,000 events); bursts of as many again wait in line.</summary>
    public int IngestRequestsPerSecond { get; set; } = 100;

    /// <summary>Sign-in attempts per minute per client address.</summary>
    public int SignInsPerMinute { get; set; } = 10;
}
