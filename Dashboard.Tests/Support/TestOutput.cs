namespace Dashboard.Tests.Support;

/// <summary>Where tests keep what a person should look at (screenshots): test-output/ at the repository root.</summary>
public static class TestOutput
{
    public static string PathOf(string fileName)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
        {
            dir = dir.Parent;
        }
        var output = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "test-output");
        Directory.CreateDirectory(output);
        return Path.Combine(output, fileName);
    }
}
