namespace QuicKestrel.Protocol.Api;

// The synchronous parts of the remaining connection calls; each ends by queuing its operation.
internal sealed partial class ApiConnection
{
    /// <summary>ConnectionSendResumptionTicket: server, after the handshake, with resumption enabled.</summary>
    public QuicStatus SendResumptionTicket(QuicSendResumptionFlags flags, ReadOnlySpan<byte> data)
    {
        if (!IsServer)
            return QuicStatus.InvalidParameter;
        if (!_handshakeCompleted || Configuration?.Settings.ServerResumptionLevel is null or QuicServerResumptionLevel.NoResume)
            return QuicStatus.InvalidState;
        return Post(ApiOperation.SendResumptionTicket, (int)flags, state: data.ToArray()) ? QuicStatus.Success : QuicStatus.InvalidState;
    }

    public QuicStatus CompleteResumptionValidation(bool accept)
    {
        if (!IsServer)
            return QuicStatus.InvalidParameter;
        if (!_resumptionPending)
            return QuicStatus.InvalidState;
        return Post(ApiOperation.ResumptionValidationComplete, accept ? 1 : 0) ? QuicStatus.Pending : QuicStatus.InvalidState;
    }

    public QuicStatus CompleteCertificateValidation(bool accept)
    {
        if (!_certificatePending)
            return QuicStatus.InvalidState;
        return Post(ApiOperation.CertificateValidationComplete, accept ? 1 : 0) ? QuicStatus.Pending : QuicStatus.InvalidState;
    }

    /// <summary>DatagramSend: the peer must accept datagrams and the payload fit one packet.</summary>
    public QuicStatus SendDatagram(ReadOnlyMemory<QuicBuffer> buffers, QuicSendFlags flags, object? context)
    {
        var request = new DatagramRequest(buffers, flags, context);
        if (_shutdownInitiated || _closeCalled || !_datagramSendEnabled)
            return QuicStatus.InvalidState;
        if (request.Length > _datagramMaxSendLength)
            return QuicStatus.InvalidParameter;
        return Post(ApiOperation.DatagramSend, state: request) ? QuicStatus.Pending : QuicStatus.InvalidState;
    }
}
