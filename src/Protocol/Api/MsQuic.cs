namespace QuicKestrel.Protocol.Api;

/// <summary>
/// The library entry points: MsQuic's <c>MsQuicOpen2</c> and <c>MsQuicClose</c>. The library
/// is reference-counted: the first <see cref="Open"/> initializes it (workers, datapath), the
/// last <see cref="Close"/> tears it down. Every table must be closed, once, after all its
/// registrations are closed.
/// <para>
/// An application that keeps MsQuic's name for its table (<c>QuicApiTable MsQuic;</c>) hides
/// this class inside that scope; it then calls <c>Api.MsQuic.Open(out MsQuic)</c> with
/// <c>using Api = QuicKestrel.Protocol.Api;</c>, or opens the table where the field is not
/// in scope.
/// </para>
/// </summary>
internal static class MsQuic
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
    /// <param name="api">The table; close it with <see cref="Close"/>.</param>
    /// <returns><see cref="QuicStatus.Success"/>.</returns>
    public static QuicStatus Open(out QuicApiTable api)
    {
        lock (s_gate)
        {
            s_openCount++;
            api = new QuicApiTable();
        }
        return QuicStatus.Success;
    }

    /// <summary>
    /// Releases a table from <see cref="Open"/> (MsQuic's <c>MsQuicClose</c>); the last close
    /// shuts the library down. Closing null or an already closed table does nothing.
    /// </summary>
    /// <param name="api">The table.</param>
    public static void Close(QuicApiTable? api)
    {
        lock (s_gate)
        {
            if (api is null || api.IsClosed)
                return;
            api.IsClosed = true;
            s_openCount--;
        }
    }
}
