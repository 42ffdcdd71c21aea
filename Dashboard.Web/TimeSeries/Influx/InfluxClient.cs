using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Dashboard.Web.TimeSeries.Influx;

/// <summary>
/// InfluxDB's v1-compatible HTTP API: line protocol POSTed gzipped to /write, InfluxQL on /query (chunked JSON,
/// times in ns). Served by 1.x, by 2.x's compatibility endpoints and by 3.x Core.
/// </summary>
public sealed class InfluxClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly InfluxDbOptions _options;

    public InfluxClient(InfluxDbOptions options)
    {
        _options = options;
        // Timeouts come from the resilience pipeline, per attempt.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(options.Url!.TrimEnd('/') + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (!string.IsNullOrEmpty(options.Token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", options.Token);
        }
        else if (!string.IsNullOrEmpty(options.Username))
        {
            var pair = Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}");
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
        }
    }

    public static byte[] Gzip(ReadOnlySpan<byte> lines)
    {
        using var buffer = new MemoryStream(lines.Length / 8);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(lines);
        }
        return buffer.ToArray();
    }

    /// <summary>Writes a gzipped line-protocol body; throws <see cref="InfluxException"/> unless InfluxDB answers 2xx.</summary>
    public async Task WriteAsync(byte[] gzippedLines, CancellationToken cancellationToken)
    {
        var uri = "write?precision=ns&db=" + Uri.EscapeDataString(_options.Database)
            + (string.IsNullOrEmpty(_options.RetentionPolicy) ? "" : "&rp=" + Uri.EscapeDataString(_options.RetentionPolicy));
        using var content = new ByteArrayContent(gzippedLines);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await _http.PostAsync(uri, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await InfluxException.FromAsync("write", response, cancellationToken);
        }
    }

    /// <summary>Runs one InfluxQL statement; returns its rows, series by series.</summary>
    public async Task<List<InfluxLineProtocol.Row>> QueryAsync(string influxQl, CancellationToken cancellationToken)
    {
        var uri = "query?epoch=ns&chunked=true&chunk_size=10000&db=" + Uri.EscapeDataString(_options.Database)
            + (string.IsNullOrEmpty(_options.RetentionPolicy) ? "" : "&rp=" + Uri.EscapeDataString(_options.RetentionPolicy))
            + "&q=" + Uri.EscapeDataString(influxQl);
        using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await InfluxException.FromAsync("query", response, cancellationToken);
        }
        var rows = new List<InfluxLineProtocol.Row>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        // Chunked answers are one JSON document per line; an unchunked one is a single document.
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
                continue;
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("error", out var error))
                throw new InfluxException("query", HttpStatusCode.OK, error.GetString() ?? "error");
            foreach (var result in doc.RootElement.GetProperty("results").EnumerateArray())
            {
                if (result.TryGetProperty("error", out var statementError))
                    throw new InfluxException("query", HttpStatusCode.OK, statementError.GetString() ?? "error");
                if (!result.TryGetProperty("series", out var series))
                    continue;
                foreach (var s in series.EnumerateArray())
                {
                    var columns = new Dictionary<string, int>(StringComparer.Ordinal);
                    var i = 0;
                    foreach (var column in s.GetProperty("columns").EnumerateArray())
                        columns[column.GetString()!] = i++;
                    if (!s.TryGetProperty("values", out var values))
                        continue;
                    foreach (var v in values.EnumerateArray())
                        rows.Add(new InfluxLineProtocol.Row(columns, v.Clone()));
                }
            }
        }
        return rows;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>InfluxDB said no. <see cref="Transient"/>: worth retrying (5xx, 429, auth or database not there yet); otherwise the data itself was refused.</summary>
public sealed class InfluxException(string operation, HttpStatusCode status, string message)
    : Exception($"InfluxDB {operation} failed ({(int)status} {status}): {message}")
{
    public HttpStatusCode Status { get; } = status;

    public bool Transient => Status is not (HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity);

    public static async Task<InfluxException> FromAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var message = body;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out var e))
                message = e.GetString() ?? body;
            else if (doc.RootElement.TryGetProperty("message", out var m))
                message = m.GetString() ?? body; // 2.x and 3.x
        }
        catch (JsonException)
        {
        }
        return new InfluxException(operation, response.StatusCode, message.Length > 500 ? message[..500] : message);
    }
}
