using System.Net;
using QuicKestrel.Protocol.Runtime.Binding;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// A listener (MsQuic's QUIC_LISTENER). Started, it is registered with the listening binding of
/// its port (shared by every listener there) with its address filter and ALPNs; new server
/// connections that match are offered to it with NEW_CONNECTION on their worker. Stopping is
/// asynchronous: STOP_COMPLETE comes once no NEW_CONNECTION callback is running, from the thread
/// that ends the last one (or the one that stopped it).
/// </summary>
internal sealed class ApiListener : ApiObject
{
    private readonly object _gate = new();
    private UdpBinding? _binding;
    private BindingListener? _entry;
    private int _startReferences;
    private bool _stopping;
    private bool _closing;
    private long _accepted;
    private long _rejected;

    public ApiListener(ApiRegistration registration, QuicListenerCallback handler, object? context)
        : base(QuicHandleKind.Listener, context)
    {
        Registration = registration;
        Handle.Handler = handler;
    }

    public ApiRegistration Registration { get; }

    /// <summary>The binding it listens on while started.</summary>
    internal UdpBinding? Binding
    {
        get
        {
            lock (_gate)
                return _binding;
        }
    }

    /// <summary>The address it listens on, with the real port once started (LISTENER_LOCAL_ADDRESS).</summary>
    public QuicAddress LocalAddress { get; private set; }

    /// <summary>QUIC_PARAM_DOS_MODE_EVENTS: the application wants DOS_MODE_CHANGED (the stack's DoS mitigation is its automatic Retry).</summary>
    public bool DosModeEvents { get; set; }

    public bool IsStarted
    {
        get
        {
            lock (_gate)
                return _binding is not null;
        }
    }

    public QuicListenerStatistics Statistics
    {
        get
        {
            UdpBinding? binding;
            lock (_gate)
                binding = _binding;
            return new QuicListenerStatistics
            {
                TotalAcceptedConnections = (ulong)Interlocked.Read(ref _accepted),
                TotalRejectedConnections = (ulong)Interlocked.Read(ref _rejected),
                BindingRecvDroppedPackets = binding is null ? 0 : (ulong)binding.DroppedDatagrams,
            };
        }
    }

    /// <summary>ListenerStart, MsQuic's rules: the port's shared dual-stack binding, then the ALPN check against its listeners.</summary>
    public QuicStatus Start(IReadOnlyList<byte[]> alpns, IPEndPoint? localAddress)
    {
        lock (_gate)
        {
            if (_binding is not null || _stopping)
                return QuicStatus.InvalidState;
            if (Registration.IsShuttingDown)
                return QuicStatus.InvalidState;
            ushort port = (ushort)(localAddress?.Port ?? 0);
            DatapathResult result = ApiLibrary.Bindings.AcquireListening(port, out UdpBinding? binding);
            if (!result.IsSuccess)
                return StatusMapping.FromDatapath(result.Status);
            UdpEndPoint address = localAddress is null ? default : UdpEndPoint.FromIPEndPoint(localAddress);
            var entry = new BindingListener(address, localAddress is null, alpns, this);
            if (!binding!.Listeners.TryAdd(entry))
            {
                ApiLibrary.Bindings.Release(binding);
                return QuicStatus.AlpnInUse;
            }
            ushort realPort = binding.LocalEndPoint.Port;
            LocalAddress = localAddress is null
                ? new QuicAddress(QuicAddressFamily.Unspec, realPort)
                : new QuicAddress(localAddress.Address, realPort);
            _binding = binding;
            _entry = entry;
            _startReferences = 1;
            binding.UpdateListening();
            return QuicStatus.Success;
        }
    }

    /// <summary>ListenerStop: no NEW_CONNECTION after the listener leaves its binding; STOP_COMPLETE follows.</summary>
    public void Stop() => StopCore(appClosing: false);

    /// <summary>ListenerClose: stops (if started) and waits for STOP_COMPLETE, then leaves the registration.</summary>
    public void Close()
    {
        StopCore(appClosing: true);
        lock (_gate)
        {
            while (_binding is not null)
                Monitor.Wait(_gate);
        }
        Handle.IsClosed = true;
        Registration.RemoveChild(this);
    }

    /// <summary>
    /// Offers a new server connection (on its worker): the application accepts with SUCCESS after
    /// SetCallbackHandler. False (not offered) when the listener is stopping.
    /// </summary>
    public bool TryIndicateNewConnection(ApiConnection connection, in QuicNewConnectionInfo info, out QuicStatus status)
    {
        status = QuicStatus.InvalidState;
        if (!TryAcquireStart())
            return false;
        try
        {
            QuicListenerEvent evt = default;
            evt.Type = QuicListenerEventType.NewConnection;
            evt.NewConnection = new QuicListenerEvent.NewConnectionPayload { Info = info, Connection = connection.Handle };
            status = Invoke(ref evt);
            Interlocked.Increment(ref status.Succeeded() ? ref _accepted : ref _rejected);
            return true;
        }
        finally
        {
            ReleaseStart();
        }
    }

    private void StopCore(bool appClosing)
    {
        lock (_gate)
        {
            if (_binding is null || _stopping)
            {
                _closing |= appClosing;
                return;
            }
            _stopping = true;
            _closing = appClosing;
            UdpBinding binding = _binding;
            binding.Listeners.Remove(_entry!);
            binding.UpdateListening();
        }
        ReleaseStart();
    }

    private bool TryAcquireStart()
    {
        lock (_gate)
        {
            if (_startReferences == 0 || _stopping)
                return false;
            _startReferences++;
            return true;
        }
    }

    private void ReleaseStart()
    {
        UdpBinding binding;
        bool appClosing;
        lock (_gate)
        {
            if (--_startReferences > 0)
                return;
            binding = _binding!;
            appClosing = _closing;
        }
        ApiLibrary.Bindings.Release(binding);
        QuicListenerEvent evt = default;
        evt.Type = QuicListenerEventType.StopComplete;
        evt.StopComplete = new QuicListenerEvent.StopCompletePayload { AppCloseInProgress = appClosing };
        Invoke(ref evt);
        lock (_gate)
        {
            _binding = null;
            _entry = null;
            _stopping = false;
            Monitor.PulseAll(_gate);
        }
    }

    private QuicStatus Invoke(ref QuicListenerEvent evt)
    {
        if (Handle.Handler is not QuicListenerCallback handler)
            return QuicStatus.InvalidState;
        try
        {
            return handler(Handle, Handle.Context, ref evt);
        }
        catch (Exception exception)
        {
            ApiLibrary.ReportCallbackException(exception);
            return QuicStatus.InternalError;
        }
    }
}
