namespace QuicKestrel.Protocol.Api;

/// <summary>
/// MsQuic's API table (<c>QUIC_API_TABLE</c>, version 2): every call of the MsQuic model, with
/// MsQuic's names, obtained from <see cref="MsQuicLibrary.MsQuicOpen2"/>. Code written against MsQuic ports
/// line by line when the table variable keeps MsQuic's customary name:
/// <c>MsQuic-&gt;ConnectionOpen(Registration, Handler, Ctx, &amp;Connection)</c> becomes
/// <c>MsQuic.ConnectionOpen(registration, Handler, ctx, out connection)</c>.
/// <para>
/// Conventions: handles are <see cref="QuicHandle"/>; <c>void*</c> contexts are
/// <see cref="object"/>; buffer lists are spans (their length replaces MsQuic's count
/// argument); addresses are <see cref="System.Net.IPEndPoint"/>. No call throws: a null,
/// closed or wrong-kind handle or an invalid argument is answered with
/// <see cref="QuicStatus.InvalidParameter"/> (calls without a status ignore it), a call the
/// object's state forbids with <see cref="QuicStatus.InvalidState"/>.
/// </para>
/// <para>
/// Threading: calls may be made from any thread. Work on a connection and its streams is
/// serialized on the connection's worker: from another thread a call is queued there, from
/// inside one of that connection's callbacks it runs inline, before anything else queued.
/// Callbacks are never nested (except <see cref="QuicStreamShutdownFlags.Inline"/>).
/// </para>
/// <para>
/// Every object lives on real UDP sockets: listeners share the dual-stack socket of their port,
/// each client connection has its own, and a registration's connections run on its worker
/// threads (see docs/architecture.md, sections Api and Runtime).
/// </para>
/// </summary>
public sealed partial class QuicApiTable
{
    /// <summary>Tables come only from <see cref="MsQuicLibrary.MsQuicOpen2"/>.</summary>
    internal QuicApiTable()
    {
    }

    /// <summary>Set once <see cref="MsQuicLibrary.MsQuicClose"/> has released this table.</summary>
    internal bool IsClosed { get; set; }

    /// <summary>
    /// Associates the application's <paramref name="context"/> with a handle; it is passed to
    /// the handle's callbacks from then on (MsQuic's <c>SetContext</c>). Calls on one handle are
    /// not synchronized with each other or with <see cref="GetContext"/>. A null handle is ignored.
    /// </summary>
    /// <param name="handle">Any handle.</param>
    /// <param name="context">The application's context, or <see langword="null"/>.</param>
    public void SetContext(QuicHandle? handle, object? context)
    {
        if (handle is not null)
            handle.Context = context;
    }

    /// <summary>The application's context of a handle (MsQuic's <c>GetContext</c>); <see langword="null"/> for a null handle.</summary>
    /// <param name="handle">Any handle.</param>
    /// <returns>The context last set by the open call, <see cref="SetContext"/> or <c>SetCallbackHandler</c>.</returns>
    public object? GetContext(QuicHandle? handle) => handle?.Context;

    /// <summary>
    /// Sets a listener's event handler and context (MsQuic's <c>SetCallbackHandler</c>). Ignored
    /// for a null handle or one that is not a listener.
    /// </summary>
    /// <param name="handle">A listener handle.</param>
    /// <param name="handler">The new handler.</param>
    /// <param name="context">The new context, passed to the handler.</param>
    public void SetCallbackHandler(QuicHandle? handle, QuicListenerCallback handler, object? context) =>
        SetHandler(handle, QuicHandleKind.Listener, handler, context);

    /// <summary>
    /// Sets a connection's event handler and context (MsQuic's <c>SetCallbackHandler</c>). A
    /// server must call it on the connection of NEW_CONNECTION to accept it. Ignored for a null
    /// handle or one that is not a connection.
    /// </summary>
    /// <param name="handle">A connection handle.</param>
    /// <param name="handler">The new handler.</param>
    /// <param name="context">The new context, passed to the handler.</param>
    public void SetCallbackHandler(QuicHandle? handle, QuicConnectionCallback handler, object? context) =>
        SetHandler(handle, QuicHandleKind.Connection, handler, context);

    /// <summary>
    /// Sets a stream's event handler and context (MsQuic's <c>SetCallbackHandler</c>). The
    /// application must call it on the stream of PEER_STREAM_STARTED to accept it. Ignored for a
    /// null handle or one that is not a stream.
    /// </summary>
    /// <param name="handle">A stream handle.</param>
    /// <param name="handler">The new handler.</param>
    /// <param name="context">The new context, passed to the handler.</param>
    public void SetCallbackHandler(QuicHandle? handle, QuicStreamCallback handler, object? context) =>
        SetHandler(handle, QuicHandleKind.Stream, handler, context);

    private static void SetHandler(QuicHandle? handle, QuicHandleKind kind, Delegate? handler, object? context)
    {
        if (!QuicHandle.IsKind(handle, kind) || handler is null)
            return;
        handle!.Handler = handler;
        handle.Context = context;
    }
}
