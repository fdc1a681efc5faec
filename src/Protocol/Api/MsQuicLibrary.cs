namespace QuicKestrel.Protocol.Api;

/// <summary>
/// The library entry points, MsQuic's <c>MsQuicOpen2</c> and <c>MsQuicClose</c>. The library
/// is reference-counted: the first <see cref="MsQuicOpen2"/> initializes it (workers,
/// datapath), the last <see cref="MsQuicClose"/> tears it down. Every table must be closed,
/// once, after all its registrations are closed.
/// <para>
/// With <c>using static QuicKestrel.Protocol.Api.MsQuicLibrary;</c> MsQuic code ports line by
/// line: <c>MsQuicOpen2(&amp;MsQuic)</c> becomes <c>MsQuicOpen2(out MsQuic)</c> and
/// <c>MsQuic-&gt;ConnectionOpen(...)</c> becomes <c>MsQuic.ConnectionOpen(...)</c>.
/// </para>
/// </summary>
public static class MsQuicLibrary
{
    private static readonly Lock s_gate = new();
    private static int s_openCount;

    /// <summary>How many tables are open (the library's reference count).</summary>
    internal static int OpenCount
    {
        get
        {
            lock (s_gate)
                return s_openCount;
        }
    }

    /// <summary>Opens the library and returns its API table (MsQuic's <c>MsQuicOpen2</c>).</summary>
    /// <param name="api">The table; close it with <see cref="MsQuicClose"/>.</param>
    /// <returns><see cref="QuicStatus.Success"/>.</returns>
    public static QuicStatus MsQuicOpen2(out QuicApiTable api)
    {
        lock (s_gate)
        {
            s_openCount++;
            api = new QuicApiTable();
        }
        return QuicStatus.Success;
    }

    /// <summary>
    /// Releases a table from <see cref="MsQuicOpen2"/> (MsQuic's <c>MsQuicClose</c>); the last close
    /// shuts the library down. Closing null or an already closed table does nothing.
    /// </summary>
    /// <param name="api">The table.</param>
    public static void MsQuicClose(QuicApiTable? api)
    {
        lock (s_gate)
        {
            if (api is null || api.IsClosed)
                return;
            api.IsClosed = true;
            if (--s_openCount == 0)
                ApiLibrary.Reset();
        }
    }
}
