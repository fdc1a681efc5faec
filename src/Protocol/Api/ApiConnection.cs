using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Runtime;
using QuicKestrel.Protocol.Runtime.Driver;
using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// A connection (MsQuic's QUIC_CONNECTION): the API object over an engine
/// <see cref="QuicConnection"/>, driven by a <see cref="ConnectionDriver"/> on one worker of its
/// registration. Calls from other threads are queued to that worker (or, when they need an
/// answer, run there while the caller waits); calls made inside the connection's callbacks run
/// inline. A client's engine connection is created by ConnectionStart (ConnectionOpen only
/// allocates), so streams started and written before that are replayed into it first and their
/// data rides in the first flight. The partial files hold the lifecycle, the operations, the
/// event translation, the server side and the parameters.
/// </summary>
internal sealed partial class ApiConnection : ApiObject, IConnectionDriverHost
{
    // API-level state read and written by calling threads.
    private readonly Lock _apiGate = new();
    private bool _startCalled;
    private bool _configurationSet;
    private bool _shutdownCalled;
    private bool _closeCalled;

    // Worker state.
    private readonly EventRing<ApiEvent> _apiEvents = new(16);
    private readonly List<ApiStream> _streams = new();
    private QuicConnectionEvent _event;
    private volatile bool _shutdownInitiated;
    private bool _shutdownComplete;
    private bool _appCloseInProgress;
    private bool _released;
    private string? _serverName;
    private volatile bool _resumptionPending;
    private volatile bool _certificatePending;
    private volatile bool _handshakeCompleted;
    private volatile bool _datagramSendEnabled;
    private volatile int _datagramMaxSendLength;
    private bool _datagramStateDirty;
    private bool _datagramStateDelivered;
    private bool _deliveredDatagramEnabled;
    private int _deliveredDatagramMax;
    private QuicStatus _closeStatus;
    private ulong _closeErrorCode;

    private ApiConnection(ApiRegistration registration, bool isServer, QuicConnectionCallback? handler, object? context)
        : base(QuicHandleKind.Connection, context)
    {
        Registration = registration;
        IsServer = isServer;
        Handle.Handler = handler;
        Driver = new ConnectionDriver(this, registration.Pool);
    }

    /// <summary>The registration it counts against: its opener's, or for a server connection the accepting listener's.</summary>
    public ApiRegistration Registration { get; private set; }

    public bool IsServer { get; }

    public ConnectionDriver Driver { get; }

    /// <summary>The engine connection: a client's from ConnectionStart, a server's from its first datagram.</summary>
    public QuicConnection? Engine => Driver.Connection;

    /// <summary>The configuration given to ConnectionStart or ConnectionSetConfiguration.</summary>
    public ApiConfiguration? Configuration { get; private set; }

    /// <summary>The application owns the handle (a client, or a server connection accepted in NEW_CONNECTION).</summary>
    public bool HasApplicationOwner { get; private set; }

    /// <summary>ConnectionOpen: allocation only; the connection joins its registration and a worker.</summary>
    public static QuicStatus Open(ApiRegistration registration, QuicConnectionCallback handler, object? context, out ApiConnection? connection)
    {
        connection = null;
        if (registration.IsShuttingDown)
            return QuicStatus.InvalidState;
        var created = new ApiConnection(registration, isServer: false, handler, context) { HasApplicationOwner = true };
        if (!registration.TryAddChild(created))
        {
            created.Driver.Handle.Close();
            return QuicStatus.InvalidState;
        }
        connection = created;
        return QuicStatus.Success;
    }

    /// <summary>Events of the engine or the API layer are waiting to be delivered.</summary>
    public bool HasPendingEvents => _apiEvents.Count > 0 || (Engine?.PendingEventCount ?? 0) > 0;

    /// <summary>Started streams whose SHUTDOWN_COMPLETE is still to come (worker only).</summary>
    internal List<ApiStream> Streams => _streams;

    internal void QueueEvent(in ApiEvent apiEvent) => _apiEvents.Enqueue(apiEvent);

    /// <summary>
    /// Runs <paramref name="operation"/> on the connection's worker: inline on that worker (inside
    /// a callback), otherwise queued behind the connection's other work. False when the
    /// connection can no longer take operations.
    /// </summary>
    internal bool Post(ApiOperation operation, int extra = 0, long argument = 0, object? state = null)
    {
        int code = (int)operation | (extra << 8);
        if (!Driver.IsOnWorkerThread)
            return Driver.Handle.Signal(code, argument, state);
        if (Driver.Handle.IsClosed)
            return false;
        ExecuteOperation(code, argument, state, MonotonicClock.NowMicros);
        Driver.Handle.RequestFlush();
        return true;
    }

    /// <summary>Runs <paramref name="action"/> on the worker and waits for it (inline on the worker itself).</summary>
    internal bool Invoke(Action<long> action)
    {
        if (Driver.IsOnWorkerThread)
        {
            if (Driver.Handle.IsClosed)
                return false;
            action(MonotonicClock.NowMicros);
            Driver.Handle.RequestFlush();
            return true;
        }
        return Driver.Handle.Invoke(new ActionCall(action)) == WorkCallStatus.Completed;
    }

    /// <summary>A synchronous call's body, run on the worker.</summary>
    private sealed class ActionCall(Action<long> action) : WorkCall
    {
        protected internal override void Execute(long now) => action(now);
    }
}
