using System.Text.RegularExpressions;
using Dashboard.Web.Security.ApiKeys;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// Keeps the hub's key out of the logs. A browser's WebSocket or event stream can carry it only in the URL
/// (<c>access_token=…</c>), and ASP.NET Core's request log writes URLs whole ("Request starting … ?access_token=…")
/// at Information, which an operator turns on to look into something. Every logger the host makes writes the
/// parameter's value as <c>REDACTED</c>, in the message and in the named values a structured log keeps; whatever
/// else the line says is left as it was.
/// </summary>
internal sealed partial class TokenRedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public const string Redacted = "REDACTED";

    /// <summary>Wraps the logger factory the host registered (ASP.NET Core's own, with every provider and filter).</summary>
    public static void Register(IServiceCollection services)
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("No logger factory is registered to keep the hub's key out of.");
        services.Remove(original);
        services.AddSingleton<ILoggerFactory>(sp => new TokenRedactingLoggerFactory(Create(sp, original)));
    }

    private static ILoggerFactory Create(IServiceProvider services, ServiceDescriptor original) =>
        original.ImplementationInstance as ILoggerFactory
        ?? original.ImplementationFactory?.Invoke(services) as ILoggerFactory
        ?? (original.ImplementationType == typeof(LoggerFactory)
            // As the container would make it: its providers, the Logging:* filters, the scope provider if any.
            ? new LoggerFactory(services.GetServices<ILoggerProvider>(), services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                services.GetService<IOptions<LoggerFactoryOptions>>(), services.GetService<IExternalScopeProvider>())
            : (ILoggerFactory)ActivatorUtilities.CreateInstance(services, original.ImplementationType!));

    public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>The value of every <c>access_token</c> parameter in a text (a URL, a query string, a message).</summary>
    [GeneratedRegex($@"(?<=[?&]{ApiKeyAuthenticationHandler.QueryToken}=)[^&#\s""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokenValue();

    private static bool Carries(object? value) =>
        value is string or Uri or QueryString
        && value.ToString()!.Contains(ApiKeyAuthenticationHandler.QueryToken + "=", StringComparison.OrdinalIgnoreCase);

    private static string Redact(string text) => TokenValue().Replace(text, Redacted);

    private sealed class Logger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Only a line that is written and names a token is rewritten; every other one goes through untouched.
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values && inner.IsEnabled(logLevel) && values.Any(v => Carries(v.Value)))
            {
                var redacted = new RedactedState(Redact(formatter(state, exception)),
                    [.. values.Select(v => Carries(v.Value) ? new KeyValuePair<string, object?>(v.Key, Redact(v.Value!.ToString()!)) : v)]);
                inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.Message);
                return;
            }
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    /// <summary>A log line's named values with the token's value replaced; written as the redacted message.</summary>
    private sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>> values)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public int Count => values.Count;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }
}
