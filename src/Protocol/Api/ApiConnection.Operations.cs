using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Api;

// The worker side of the queued API calls.
internal sealed partial class ApiConnection
{
    /// <inheritdoc/>
    public void ExecuteOperation(int code, long argument, object? state, long now)
    {
        var operation = (ApiOperation)(code & 0xFF);
        int extra = code >> 8;
        switch (operation)
        {
            case ApiOperation.Start:
                ExecuteStart(state as ClientStartRequest, now);
                break;
            case ApiOperation.SetConfiguration:
                ExecuteSetConfiguration((ApiConfiguration)state!, now);
                break;
            case ApiOperation.Shutdown:
                ExecuteShutdown((QuicConnectionShutdownFlags)extra, (ulong)argument, now);
                break;
            case ApiOperation.StreamStart:
                ((ApiStream)state!).ExecuteStart((QuicStreamStartFlags)extra, now);
                break;
            case ApiOperation.StreamSend:
                ((SendRequest)state!).Stream.ExecuteSend((SendRequest)state, now);
                break;
            case ApiOperation.StreamShutdown:
                ((ApiStream)state!).ExecuteShutdown((QuicStreamShutdownFlags)extra, (ulong)argument, now);
                break;
            case ApiOperation.StreamReceiveComplete:
                ((ApiStream)state!).ExecuteReceiveComplete((ulong)argument, now);
                break;
            case ApiOperation.StreamReceiveSetEnabled:
                ((ApiStream)state!).ExecuteReceiveSetEnabled(extra != 0);
                break;
            case ApiOperation.StreamClose:
                ((ApiStream)state!).ExecuteClose(now);
                break;
            case ApiOperation.DatagramSend:
                ExecuteDatagramSend((DatagramRequest)state!, now);
                break;
            case ApiOperation.SendResumptionTicket:
                Engine?.SendResumptionTicket((byte[])state!, now);
                break;
            case ApiOperation.ResumptionValidationComplete:
                ExecuteResumptionDecision(extra != 0, now);
                break;
            case ApiOperation.CertificateValidationComplete:
                ExecuteCertificateDecision(extra != 0, now);
                break;
        }
    }

    /// <summary>ConnectionShutdown from any thread; ignored once the connection is shutting down.</summary>
    public void Shutdown(QuicConnectionShutdownFlags flags, ulong errorCode)
    {
        lock (_apiGate)
        {
            if (_closeCalled)
                return;
            _shutdownCalled = true;
        }
        Post(ApiOperation.Shutdown, (int)flags, (long)errorCode);
    }

    /// <summary>DatagramSend: copied into the engine's queue on the worker; its fate comes as DATAGRAM_SEND_STATE_CHANGED.</summary>
    private void ExecuteDatagramSend(DatagramRequest request, long now)
    {
        if (Engine is not { } engine || _shutdownInitiated)
        {
            QueueEvent(new ApiEvent(ApiEventKind.DatagramSendStateChanged, Context: request.Context, Value: (ulong)DatagramSendState.Canceled));
            return;
        }
        Span<byte> payload = request.Length <= 2048 ? stackalloc byte[request.Length] : new byte[request.Length];
        request.CopyTo(payload);
        DatagramEnqueueResult result = engine.SendDatagram(payload, request.Context, now);
        if (result != DatagramEnqueueResult.Queued)
            QueueEvent(new ApiEvent(ApiEventKind.DatagramSendStateChanged, Context: request.Context, Value: (ulong)DatagramSendState.Canceled));
    }
}
