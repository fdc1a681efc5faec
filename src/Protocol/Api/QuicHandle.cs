namespace QuicKestrel.Protocol.Api;

/// <summary>
/// An opaque handle to a registration, configuration, listener, connection or stream:
/// MsQuic's <c>HQUIC</c>. Handles are created only by the API (<c>RegistrationOpen</c>,
/// <c>ConfigurationOpen</c>, <c>ListenerOpen</c>, <c>ConnectionOpen</c>, <c>StreamOpen</c>, and
/// the PEER_STREAM_STARTED and NEW_CONNECTION events) and end with the matching close call,
/// after which the handle must not be used again. Passing <see langword="null"/>, a closed
/// handle or a handle of the wrong kind to an API call is answered with
/// <see cref="QuicStatus.InvalidParameter"/>, never an exception.
/// </summary>
public sealed class QuicHandle
{
    internal QuicHandle(QuicHandleKind kind) => Kind = kind;

    /// <summary>What this handle stands for; fixed for its lifetime.</summary>
    internal QuicHandleKind Kind { get; }

    /// <summary>The application's context (SetContext / the open call's context argument).</summary>
    internal object? Context { get; set; }

    /// <summary>The event handler: a listener, connection or stream callback matching <see cref="Kind"/>.</summary>
    internal Delegate? Handler { get; set; }

    /// <summary>Set by the close call; a closed handle is refused like a null one.</summary>
    internal bool IsClosed { get; set; }

    /// <summary>The object behind the handle (a registration, configuration, listener, connection or stream).</summary>
    internal ApiObject? Target { get; set; }

    /// <summary>True for an open handle of the given kind.</summary>
    internal static bool IsKind(QuicHandle? handle, QuicHandleKind kind) => handle is { IsClosed: false } && handle.Kind == kind;

    /// <summary>True for an open connection handle, or stream handle (MsQuic lets connection calls name a connection through one of its streams).</summary>
    internal static bool IsConnectionOrStream(QuicHandle? handle) =>
        handle is { IsClosed: false, Kind: QuicHandleKind.Connection or QuicHandleKind.Stream };

    /// <summary>Names the kind of object, e.g. "QuicHandle(Connection)", for diagnostics.</summary>
    /// <returns>A short description of the handle.</returns>
    public override string ToString() => $"QuicHandle({Kind})";
}
