using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Live;

/// <summary>
/// Refuses new hub connections — Blazor's circuit hub and /hubs/live — once the host has begun to stop (issue 15 §5).
/// SignalR closes every open connection the moment stopping begins, but Kestrel listens on until its own stop a
/// moment later. A wall-board's Blazor client reconnects at once, and a connection made in that gap is one nobody
/// closes: Kestrel's graceful stop then waited for it until the host's shutdown timeout (30 s), and every service
/// stopped after it got a cancelled token. A 503 sends the client back to retrying, by then against the next process.
/// </summary>
internal static class HubShutdownGate
{
    public static IApplicationBuilder UseHubShutdownGate(this IApplicationBuilder app)
    {
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use((context, next) =>
        {
            // The token is cancelled before its callbacks (SignalR's close-all among them) run, and a client's
            // reconnect follows that close, so every reconnect of a closed connection is caught here.
            if (stopping.IsCancellationRequested && context.GetEndpoint()?.Metadata.GetMetadata<HubMetadata>() is not null)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.Connection = "close";
                return Task.CompletedTask;
            }
            return next(context);
        });
    }
}
