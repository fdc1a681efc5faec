namespace QuicKestrel.Transport.Tests.Infrastructure;

/// <summary>test-artifacts/ at the repository root (next to QuicKestrel.sln), where ./test.sh keeps its log and tests keep files worth looking at.</summary>
internal static class TestArtifacts
{
    private const string SolutionFile = "QuicKestrel.sln";

    /// <summary>The directory, created if missing.</summary>
    public static string Directory
    {
        get
        {
            string path = System.IO.Path.Combine(RepositoryRoot(), "test-artifacts");
            System.IO.Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>The full path of <paramref name="name"/> in the artifacts directory.</summary>
    public static string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, SolutionFile)))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}: cannot place test artifacts.");
    }
}
