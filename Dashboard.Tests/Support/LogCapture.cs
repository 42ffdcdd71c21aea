using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Support;

/// <summary>
/// Keeps the host's log lines (category and formatted message) that pass the host's level filters, and each line's
/// named values as a structured log (JSON console, OpenTelemetry) would write them.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _lines = new();
    private readonly ConcurrentQueue<string> _values = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Lines => [.. _lines];

    /// <summary>Every named value of every line, as <c>name=value</c>.</summary>
    public IReadOnlyList<string> Values => [.. _values];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines, _values);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> lines, ConcurrentQueue<string> values) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue((category, logLevel, formatter(state, exception)));
            if (state is IEnumerable<KeyValuePair<string, object?>> named)
                foreach (var (name, value) in named)
                    values.Enqueue($"{name}={value}");
        }
    }
}
