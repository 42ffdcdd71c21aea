namespace Dashboard.Tests.Support;

/// <summary>The tests' side of <see cref="PostgresServer"/>: a class fixture, started and stopped by xunit.</summary>
public sealed partial class PostgresServer : IAsyncLifetime;
