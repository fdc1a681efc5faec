using System.Net;

namespace QuicKestrel.Protocol.Api;

public sealed partial class QuicApiTable
{
    /// <summary>
    /// Creates a listener; it accepts nothing until <see cref="ListenerStart"/> (MsQuic's
    /// <c>ListenerOpen</c>). Allocation only.
    /// </summary>
    /// <param name="registration">The owning registration.</param>
    /// <param name="handler">Receives the listener's events; required.</param>
    /// <param name="context">The application's context for the listener.</param>
    /// <param name="listener">The new listener; <see langword="null"/> on failure.</param>
    /// <returns><see cref="QuicStatus.Success"/>, or <see cref="QuicStatus.InvalidParameter"/> for a bad handle or a missing handler.</returns>
    public QuicStatus ListenerOpen(QuicHandle? registration, QuicListenerCallback? handler, object? context, out QuicHandle? listener)
    {
        listener = null;
        if (ApiObject.From<ApiRegistration>(registration) is not { } owner || handler is null)
            return QuicStatus.InvalidParameter;
        var created = new ApiListener(owner, handler, context);
        owner.TryAddChild(created);
        listener = created.Handle;
        return QuicStatus.Success;
    }

    /// <summary>
    /// Closes a listener, stopping it first if needed (MsQuic's <c>ListenerClose</c>). Blocks
    /// until it has stopped: do not call it from the listener's own callback before
    /// STOP_COMPLETE. The handle must not be used afterwards.
    /// </summary>
    /// <param name="listener">A listener handle; anything else is ignored.</param>
    public void ListenerClose(QuicHandle? listener) => ApiObject.From<ApiListener>(listener)?.Close();

    /// <summary>
    /// Starts accepting connections for the given ALPNs on a local address (MsQuic's
    /// <c>ListenerStart</c>). NEW_CONNECTION events may arrive before the call returns. As in
    /// MsQuic, every listener of a port shares one dual-stack wildcard socket and filters on its
    /// address itself; with port 0 the system picks a port, which
    /// <see cref="QuicParam.ListenerLocalAddress"/> reports. A stopped listener may be started again.
    /// </summary>
    /// <param name="listener">The listener.</param>
    /// <param name="alpnBuffers">The application protocols accepted, in preference order; at least one, each 1–255 bytes.</param>
    /// <param name="localAddress">The address and port to listen on; <see langword="null"/> for every address and a system-chosen port.</param>
    /// <returns>
    /// <see cref="QuicStatus.Success"/>; <see cref="QuicStatus.InvalidParameter"/> for a bad handle
    /// or ALPN list; <see cref="QuicStatus.InvalidState"/> when already started;
    /// <see cref="QuicStatus.AlpnInUse"/> when another listener of this process already serves
    /// one of these ALPNs on that address (listeners with different ALPNs share a port);
    /// <see cref="QuicStatus.AddressInUse"/> when the port is taken by another socket, another
    /// process or a client connection of this one.
    /// </returns>
    public QuicStatus ListenerStart(QuicHandle? listener, ReadOnlySpan<QuicBuffer> alpnBuffers, IPEndPoint? localAddress)
    {
        if (ApiObject.From<ApiListener>(listener) is not { } target || !QuicApiArguments.IsValidAlpnList(alpnBuffers))
            return QuicStatus.InvalidParameter;
        return target.Start(QuicApiArguments.CopyAlpns(alpnBuffers), localAddress);
    }

    /// <summary>
    /// Stops accepting new connections (MsQuic's <c>ListenerStop</c>). Asynchronous: STOP_COMPLETE
    /// is delivered when done, and no NEW_CONNECTION after it. Connections already accepted are
    /// unaffected. May be called from any callback.
    /// </summary>
    /// <param name="listener">A listener handle; anything else is ignored.</param>
    public void ListenerStop(QuicHandle? listener) => ApiObject.From<ApiListener>(listener)?.Stop();
}
