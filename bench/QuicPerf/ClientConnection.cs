using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Perf;

/// <summary>
/// A client connection the scenarios drive from their own threads: open and start it, wait for
/// CONNECTED, later shut it down and wait for SHUTDOWN_COMPLETE before ConnectionClose. One
/// instance can be reused for many connections in a row (the handshake scenario does).
/// </summary>
internal sealed class ClientConnection : IDisposable
{
    private readonly QuicApiTable _api;
    private readonly QuicHandle _configuration;
    private readonly QuicHandle _registration;
    private readonly ManualResetEventSlim _connected = new();
    private readonly ManualResetEventSlim _shutdownComplete = new();
    private readonly QuicConnectionCallback _callback;
    private QuicStatus _failure;

    public ClientConnection(PerfSession session)
    {
        _api = session.Api;
        _registration = session.Registration;
        _configuration = session.Configuration;
        _callback = OnEvent;
    }

    public QuicHandle? Handle { get; private set; }

    /// <summary>Opens and starts a connection; true once CONNECTED arrived within <paramref name="timeoutMs"/>.</summary>
    public bool Connect(string target, ushort port, int timeoutMs, out QuicStatus failure)
    {
        _connected.Reset();
        _shutdownComplete.Reset();
        _failure = QuicStatus.Success;
        PerfSession.Check(_api.ConnectionOpen(_registration, _callback, null, out QuicHandle? handle), "ConnectionOpen");
        Handle = handle;
        PerfSession.Check(_api.ConnectionStart(handle, _configuration, QuicAddressFamily.Unspec, target, port), "ConnectionStart");
        WaitHandle.WaitAny([_connected.WaitHandle, _shutdownComplete.WaitHandle], timeoutMs);
        failure = _failure;
        return _connected.IsSet && !_shutdownComplete.IsSet;
    }

    /// <summary>Graceful shutdown (error 0) and a bounded wait for SHUTDOWN_COMPLETE, then ConnectionClose.</summary>
    public void Close()
    {
        if (Handle is not { } handle)
            return;
        // A connection that never connected is just dropped (ConnectionClose aborts it silently);
        // a connected one says goodbye and waits out its closing period, bounded.
        if (_connected.IsSet)
        {
            _api.ConnectionShutdown(handle, QuicConnectionShutdownFlags.None, 0);
            _shutdownComplete.Wait(5_000);
        }
        _api.ConnectionClose(handle);
        Handle = null;
    }

    private QuicStatus OnEvent(QuicHandle connection, object? context, ref QuicConnectionEvent evt)
    {
        switch (evt.Type)
        {
            case QuicConnectionEventType.Connected:
                _connected.Set();
                break;
            case QuicConnectionEventType.ShutdownInitiatedByTransport:
                _failure = evt.ShutdownInitiatedByTransport.Status;
                break;
            case QuicConnectionEventType.ShutdownComplete:
                _shutdownComplete.Set();
                break;
        }
        return QuicStatus.Success;
    }

    public void Dispose()
    {
        Close();
        _connected.Dispose();
        _shutdownComplete.Dispose();
    }
}
