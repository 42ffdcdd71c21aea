namespace Dashboard.Web.Security.ApiKeys;

/// <summary>Section <c>Api</c>: keys for machine clients, for automation (<c>Api:Keys:{n}:Key</c>, <c>Api:Keys:{n}:Scopes:{m}</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    public List<ConfiguredApiKey> Keys { get; set; } = [];

    /// <summary>The keys in force: an entry with an empty key is left out, so a compose file can leave a key blank until it is set.</summary>
    public IEnumerable<ConfiguredApiKey> InForce => Keys.Where(k => !string.IsNullOrEmpty(k.Key));

    public IEnumerable<string> Problems()
    {
        for (var i = 0; i < Keys.Count; i++)
        {
            var key = Keys[i];
            if (string.IsNullOrEmpty(key.Key))
                continue;
            if (key.Key.Length < ConfiguredApiKey.MinimumLength)
                yield return $"Api:Keys:{i}:Key must be at least {ConfiguredApiKey.MinimumLength} characters (use a random value, e.g. openssl rand -hex 32).";
            if (key.Scopes.Count == 0)
                yield return $"Api:Keys:{i}:Scopes must name at least one of {string.Join(", ", Scopes.All)}.";
            foreach (var scope in key.Scopes.Where(s => !Scopes.All.Contains(s)))
                yield return $"Api:Keys:{i}:Scopes: '{scope}' is not one of {string.Join(", ", Scopes.All)}.";
        }
    }
}

public sealed class ConfiguredApiKey
{
    public const int MinimumLength = 16;

    /// <summary>Shown in logs and as the caller's name; defaults to <c>config-{n}</c>.</summary>
    public string? Name { get; set; }

    public string Key { get; set; } = "";

    public List<string> Scopes { get; set; } = [];
}
