using System.Globalization;

namespace QuicKestrel.Http3.Server;

internal enum RouteKind
{
    /// <summary>/bytes/{n}: n bytes of <see cref="DeterministicContent"/> (any request body is read and dropped).</summary>
    Bytes,

    /// <summary>/echo: the request body back, streamed as it arrives.</summary>
    Echo,

    /// <summary>/reset/{code}: the server aborts both directions with the code.</summary>
    Reset,

    /// <summary>/stop/{code}: STOP_SENDING with the code; with H3_NO_ERROR a complete 200 response follows (§4.1.1), otherwise also RESET_STREAM.</summary>
    Stop,

    /// <summary>/delay/{ms}: 200 "delayed" after the delay (for graceful-shutdown drain tests).</summary>
    Delay,

    /// <summary>/{name}: from the content provider or the content root.</summary>
    Content,
}

/// <summary>The mini server's URL space, parsed from :path (query ignored).</summary>
internal readonly record struct ServerRoute(RouteKind Kind, ulong Number, string Name)
{
    private const ulong MaxBytes = 1UL << 40;
    private const ulong MaxDelayMs = 60_000;

    public static bool TryParse(string path, out ServerRoute route)
    {
        route = default;
        int query = path.IndexOf('?');
        string clean = query < 0 ? path : path.Substring(0, query);
        if (clean == "/echo")
        {
            route = new ServerRoute(RouteKind.Echo, 0, "");
            return true;
        }
        if (TryParseNumbered(clean, "/bytes/", MaxBytes, RouteKind.Bytes, out route)
            || TryParseNumbered(clean, "/reset/", (1UL << 62) - 1, RouteKind.Reset, out route)
            || TryParseNumbered(clean, "/stop/", (1UL << 62) - 1, RouteKind.Stop, out route)
            || TryParseNumbered(clean, "/delay/", MaxDelayMs, RouteKind.Delay, out route))
            return true;
        string name = clean.TrimStart('/');
        if (name.Length == 0 || name.Contains('/') || name.Contains('\\') || name is "." or "..")
            return false;
        route = new ServerRoute(RouteKind.Content, 0, name);
        return true;
    }

    private static bool TryParseNumbered(string path, string prefix, ulong max, RouteKind kind, out ServerRoute route)
    {
        route = default;
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
            return false;
        string text = path.Substring(prefix.Length);
        bool parsed = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong number)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number);
        if (!parsed || number > max)
            return false;
        route = new ServerRoute(kind, number, "");
        return true;
    }
}
