using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Perf;

/// <summary>
/// One connection of the handshake scenario: started by a load thread, which waits only for
/// CONNECTED; the shutdown then proceeds in the background (RFC 9000 §10.2's closing period lasts
/// three PTOs) and the handle is closed from its own SHUTDOWN_COMPLETE, releasing the slot.
/// </summary>
internal sealed class HandshakeProbe
{
    private readonly QuicApiTable _api;
    private readonly ClosingSlots _slots;
    private readonly ManualResetEventSlim _settled = new();
    private volatile bool _connected;

    public HandshakeProbe(QuicApiTable api, ClosingSlots slots)
    {
        _api = api;
        _slots = slots;
    }

    /// <summary>Starts the handshake; true once CONNECTED came within the timeout. Either way the connection is then shut down and closes itself.</summary>
    public bool Run(PerfSession client, string target, ushort port, int timeoutMs)
    {
        if (client.Api.ConnectionOpen(client.Registration, OnEvent, null, out QuicHandle? handle) != QuicStatus.Success)
        {
            _slots.Release();
            return false;
        }
        if (_api.ConnectionStart(handle, client.Configuration, QuicAddressFamily.Unspec, target, port) != QuicStatus.Pending)
        {
            _api.ConnectionClose(handle);
            _slots.Release();
            return false;
        }
        _settled.Wait(timeoutMs);
        _api.ConnectionShutdown(handle, QuicConnectionShutdownFlags.None, 0);
        return _connected;
    }

    private QuicStatus OnEvent(QuicHandle connection, object? context, ref QuicConnectionEvent evt)
    {
        switch (evt.Type)
        {
            case QuicConnectionEventType.Connected:
                _connected = true;
                _settled.Set();
                break;
            case QuicConnectionEventType.ShutdownComplete:
                _settled.Set();
                _api.ConnectionClose(connection);
                _slots.Release();
                break;
        }
        return QuicStatus.Success;
    }
}
