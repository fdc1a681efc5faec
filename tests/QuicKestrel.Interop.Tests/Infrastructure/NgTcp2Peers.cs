namespace QuicKestrel.Interop.Tests.Infrastructure;

/// <summary>
/// Where ngtcp2's example programs live: the Debian packages ngtcp2-client (/usr/bin/gtlsclient)
/// and ngtcp2-server (/usr/sbin/gtlsserver), else anywhere on PATH. A missing peer fails the test:
/// interop that did not run must never look like interop that passed.
/// </summary>
internal static class NgTcp2Peers
{
    public static string Client => Find("gtlsclient", "/usr/bin/gtlsclient", "ngtcp2-client");

    public static string Server => Find("gtlsserver", "/usr/sbin/gtlsserver", "ngtcp2-server");

    private static string Find(string name, string packagedPath, string package)
    {
        if (File.Exists(packagedPath))
            return packagedPath;
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }
        Assert.Fail($"{name} (ngtcp2 0.12, GnuTLS) is not installed: not at {packagedPath} nor on PATH. "
            + $"Run ./test.sh, which installs the Debian package {package}, or `apt-get install -y {package}`.");
        return null!;
    }
}
