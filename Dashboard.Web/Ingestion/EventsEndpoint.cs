using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Dashboard.Grains.Ingestion;
using Dashboard.Grains.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Ingestion;

/// <summary>POST /api/events: a JSON array of events; per-event results; good events go on when others fail.</summary>
public static class EventsEndpoint
{
    public sealed record Rejection(int Index, string? Id, string Error);

    public sealed record Response(int Accepted, int Duplicates, int Late, IReadOnlyList<Rejection> Rejected);

    public static async Task<IResult> HandleAsync(
        HttpRequest request, EventParser parser, IEventSink sink, NewSubjectBudget budget, IOptions<IngestionOptions> options,
        IOptions<IngestionHttpOptions> http, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, http.Value.MaxBodyBytes, cancellationToken);
        if (body is not { } buffer)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
                detail: $"The body must be at most {http.Value.MaxBodyBytes} bytes (Ingestion:MaxBodyBytes); send at most {options.Value.MaxBatchSize} events per request.");
        }
        try
        {
            var source = "events:" + (request.HttpContext.User.Identity?.Name ?? "anonymous");
            return await HandleBodyAsync(buffer, parser, sink, budget, source, options, cancellationToken);
        }
        finally
        {
            request.BodyReader.AdvanceTo(buffer.End);
        }
    }

    private static async Task<IResult> HandleBodyAsync(
        ReadOnlySequence<byte> body, EventParser parser, IEventSink sink, NewSubjectBudget budget, string source,
        IOptions<IngestionOptions> options, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest, title: "Body is not valid JSON",
                detail: $"The body must be a JSON array of events: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest, title: "Body is not a JSON array",
                    detail: $"The body must be a JSON array of events; got a JSON {root.ValueKind.ToString().ToLowerInvariant()}.");
            }
            var max = options.Value.MaxBatchSize;
            if (root.GetArrayLength() > max)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many events",
                    detail: $"A request may carry at most {max} events; this one has {root.GetArrayLength()}.");
            }

            // Every event is judged before the first reaches a grain: the pipeline then sees only events it can apply.
            var valid = new List<CenterEvent>(root.GetArrayLength());
            var rejected = new List<Rejection>();
            var index = 0;
            await budget.SeedAsync(cancellationToken);
            foreach (var element in root.EnumerateArray())
            {
                var e = parser.Parse(element, out var error, out var id);
                if (e is not null && budget.Admit(source, [e]) is { } overBudget)
                {
                    (e, error) = (null, overBudget);
                }
                if (e is null)
                {
                    rejected.Add(new Rejection(index, id, error!));
                }
                else
                {
                    valid.Add(e);
                }
                index++;
            }

            LiveMetrics.EventsRejected.Add(rejected.Count);
            var outcome = await sink.IngestAsync(valid, cancellationToken);
            return Results.Ok(new Response(outcome.Accepted, outcome.Duplicates, outcome.Late, rejected));
        }
    }

    /// <summary>The whole body, or null when it is larger than <paramref name="maxBytes"/>; for a text body.</summary>
    internal static async Task<string?> ReadTextAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (await ReadBodyAsync(request, maxBytes, cancellationToken) is not { } buffer)
            return null;
        try
        {
            return System.Text.EncodingExtensions.GetString(System.Text.Encoding.UTF8, buffer); // invalid UTF-8 becomes U+FFFD, as a log reader shows it
        }
        finally
        {
            request.BodyReader.AdvanceTo(buffer.End);
        }
    }

    // The whole body in Kestrel's pooled buffers (no copy, nothing on the large-object heap), or null when it is
    // larger than maxBytes. The caller advances the reader past it once parsed.
    private static async Task<ReadOnlySequence<byte>?> ReadBodyAsync(
        HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        // The server's own limit (Kestrel: 30 MB) throws mid-read; ours is the one that holds, answered as ours.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        var reader = request.BodyReader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return null;
            }
            if (result.Buffer.Length > maxBytes)
            {
                reader.AdvanceTo(result.Buffer.End);
                return null;
            }
            if (result.IsCompleted)
            {
                return result.Buffer;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}

/// <summary>HTTP limits of the ingestion endpoint (section "Ingestion").</summary>
public sealed class IngestionHttpOptions
{
    /// <summary>Bodies larger than this get 413 (10,000 events fit easily).</summary>
    public long MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>New agents (neither configured nor seen) one source may bring in per minute (<see cref="NewSubjectBudget"/>).</summary>
    public int NewAgentsPerMinute { get; set; } = 2000;

    /// <summary>New queues (neither configured nor seen) one source may bring in per minute.</summary>
    public int NewQueuesPerMinute { get; set; } = 200;
}
