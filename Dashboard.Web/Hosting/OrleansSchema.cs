using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Creates Orleans' tables in PostgreSQL when they are missing, from the scripts Orleans publishes (OrleansSql/,
/// embedded), before the silo's membership first reads its queries from them: a new database needs no manual step.
/// Besides membership it makes the grain-state table, so grain storage on ADO.NET can be switched on later.
/// </summary>
/// <remarks>
/// The scripts are not idempotent (plain CREATE TABLE); each runs only when its table is absent, all in one
/// transaction under an advisory lock, so hosts starting together take turns and the later ones find the tables made.
/// Other databases than PostgreSQL (another Invariant) are left to their administrator.
/// </remarks>
internal sealed class OrleansSchema(IOptions<AdoNetClusteringSiloOptions> options, ILogger<OrleansSchema> log) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>ADO.NET's invariant name for Npgsql, the PostgreSQL provider.</summary>
    public const string Npgsql = "Npgsql";

    // The dashboard's own key for this lock ("Orleans" in ASCII): any number no other code here locks.
    private const long LockKey = 0x4F726C65616E73;

    // Main first: the other two add their queries to its OrleansQuery table.
    private static readonly (string Script, string Table)[] Scripts =
    [
        ("PostgreSQL-Main.sql", "orleansquery"),
        ("PostgreSQL-Clustering.sql", "orleansmembershiptable"),
        ("PostgreSQL-Persistence.sql", "orleansstorage"),
    ];

    public void Participate(ISiloLifecycle lifecycle)
    {
        // Well before membership starts (RuntimeGrainServices), which reads its queries from these tables.
        if (options.Value.Invariant == Npgsql)
            lifecycle.Subscribe(nameof(OrleansSchema), ServiceLifecycleStage.RuntimeInitialize, EnsureAsync);
    }

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.Value.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var wait = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            wait.Parameters.AddWithValue("key", LockKey);
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }
        var created = new List<string>();
        foreach (var (script, table) in Scripts)
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection, transaction);
            exists.Parameters.AddWithValue("table", table);
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
                continue;
            await using var run = new NpgsqlCommand(Read(script), connection, transaction);
            await run.ExecuteNonQueryAsync(cancellationToken);
            created.Add(script);
        }
        await transaction.CommitAsync(cancellationToken);
        if (created.Count > 0)
            log.LogInformation("Created the Orleans tables in PostgreSQL: {Scripts}.", string.Join(", ", created));
    }

    private static string Read(string script)
    {
        using var stream = typeof(OrleansSchema).Assembly.GetManifestResourceStream("OrleansSql." + script)
            ?? throw new InvalidOperationException($"The embedded script {script} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
