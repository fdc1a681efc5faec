using System.Diagnostics.CodeAnalysis;

namespace QuicKestrel.Protocol.Wire;

internal sealed partial class TransportParameters
{
    /// <summary>
    /// Decodes the peer's parameters; <paramref name="sender"/> is the peer's role. Every failure
    /// is a TRANSPORT_PARAMETER_ERROR (RFC 9000 §7.4): malformed or truncated values, duplicates
    /// (unknown ones included), server-only parameters from a client, and the value rules of §18.2.
    /// Unknown parameters are otherwise ignored.
    /// </summary>
    public static bool TryDecode(
        ReadOnlySpan<byte> encoded, EndpointRole sender,
        [NotNullWhen(true)] out TransportParameters? parameters, out QuicError error)
    {
        parameters = null;
        var result = new TransportParameters();
        var reader = new SpanReader(encoded);
        ulong seenKnown = 0;
        HashSet<ulong>? seenUnknown = null;
        while (!reader.IsEnd)
        {
            if (!reader.TryReadVarInt(out ulong id) || !reader.TryReadLengthPrefixedBytes(out ReadOnlySpan<byte> value))
                return Fail("transport parameters truncated", out error);
            if (!IsKnown(id))
            {
                seenUnknown ??= [];
                if (!seenUnknown.Add(id))
                    return Fail("duplicate transport parameter", out error);
                continue;
            }
            ulong bit = 1UL << (int)id;
            if ((seenKnown & bit) != 0)
                return Fail("duplicate transport parameter", out error);
            seenKnown |= bit;
            if (sender == EndpointRole.Client && IsServerOnly((TransportParameterId)id))
                return Fail("server-only transport parameter sent by a client", out error);
            if (!result.TryApply((TransportParameterId)id, value, sender, out string? failure))
                return Fail(failure!, out error);
        }
        error = result.Validate(sender);
        if (error.IsError)
            return false;
        parameters = result;
        return true;
    }

    /// <summary>
    /// Checks the value rules of RFC 9000 §18.2 (and the role rule for server-only parameters)
    /// for parameters sent by <paramref name="sender"/>; useful before encoding our own.
    /// </summary>
    public QuicError Validate(EndpointRole sender)
    {
        if (sender == EndpointRole.Client
            && (OriginalDestinationConnectionId is not null || StatelessResetToken is not null
                || PreferredAddress is not null || RetrySourceConnectionId is not null))
            return QuicError.TransportParameter("server-only transport parameter sent by a client");
        if (!IsConnectionIdLength(OriginalDestinationConnectionId) || !IsConnectionIdLength(InitialSourceConnectionId)
            || !IsConnectionIdLength(RetrySourceConnectionId))
            return QuicError.TransportParameter("connection ID longer than 20 bytes");
        if (StatelessResetToken is not null && StatelessResetToken.Length != WireLimits.StatelessResetTokenLength)
            return QuicError.TransportParameter("stateless_reset_token is not 16 bytes");
        if (MaxUdpPayloadSize < WireLimits.MinMaxUdpPayloadSize)
            return QuicError.TransportParameter("max_udp_payload_size below 1200");
        if (InitialMaxStreamsBidi > WireLimits.MaxStreamCount || InitialMaxStreamsUni > WireLimits.MaxStreamCount)
            return QuicError.TransportParameter("initial_max_streams above 2^60");
        if (AckDelayExponent > MaxAckDelayExponent)
            return QuicError.TransportParameter("ack_delay_exponent above 20");
        if (MaxAckDelayMillis >= MaxAckDelayMillisLimit)
            return QuicError.TransportParameter("max_ack_delay of 2^14 or more");
        if (ActiveConnectionIdLimit < DefaultActiveConnectionIdLimit)
            return QuicError.TransportParameter("active_connection_id_limit below 2");
        return default;
    }

    private bool TryApply(TransportParameterId id, ReadOnlySpan<byte> value, EndpointRole sender, out string? failure)
    {
        failure = null;
        switch (id)
        {
            case TransportParameterId.OriginalDestinationConnectionId:
                OriginalDestinationConnectionId = value.ToArray();
                return true;
            case TransportParameterId.StatelessResetToken:
                StatelessResetToken = value.ToArray();
                return true;
            case TransportParameterId.InitialSourceConnectionId:
                InitialSourceConnectionId = value.ToArray();
                return true;
            case TransportParameterId.RetrySourceConnectionId:
                RetrySourceConnectionId = value.ToArray();
                return true;
            case TransportParameterId.DisableActiveMigration:
                DisableActiveMigration = true;
                failure = value.IsEmpty ? null : "disable_active_migration carries a value";
                return failure is null;
            case TransportParameterId.PreferredAddress:
                bool parsedAddress = PreferredAddress.TryRead(value, out PreferredAddress? address, out failure);
                PreferredAddress = address;
                return parsedAddress;
            case TransportParameterId.VersionInformation:
                bool parsedVersions = VersionInformation.TryRead(value, sender, out VersionInformation? information, out failure);
                VersionInformation = information;
                return parsedVersions;
            default:
                return TryApplyInteger(id, value, out failure);
        }
    }

    private bool TryApplyInteger(TransportParameterId id, ReadOnlySpan<byte> value, out string? failure)
    {
        // An integer parameter's value is exactly one varint.
        if (!VarInt.TryRead(value, out ulong number, out int length) || length != value.Length)
        {
            failure = "malformed integer transport parameter";
            return false;
        }
        failure = null;
        switch (id)
        {
            case TransportParameterId.MaxIdleTimeout: MaxIdleTimeoutMillis = number; break;
            case TransportParameterId.MaxUdpPayloadSize: MaxUdpPayloadSize = number; break;
            case TransportParameterId.InitialMaxData: InitialMaxData = number; break;
            case TransportParameterId.InitialMaxStreamDataBidiLocal: InitialMaxStreamDataBidiLocal = number; break;
            case TransportParameterId.InitialMaxStreamDataBidiRemote: InitialMaxStreamDataBidiRemote = number; break;
            case TransportParameterId.InitialMaxStreamDataUni: InitialMaxStreamDataUni = number; break;
            case TransportParameterId.InitialMaxStreamsBidi: InitialMaxStreamsBidi = number; break;
            case TransportParameterId.InitialMaxStreamsUni: InitialMaxStreamsUni = number; break;
            case TransportParameterId.AckDelayExponent: AckDelayExponent = number; break;
            case TransportParameterId.MaxAckDelay: MaxAckDelayMillis = number; break;
            case TransportParameterId.ActiveConnectionIdLimit: ActiveConnectionIdLimit = number; break;
            case TransportParameterId.MaxDatagramFrameSize: MaxDatagramFrameSize = number; break;
        }
        return true;
    }

    private static bool IsKnown(ulong id) =>
        id <= (ulong)TransportParameterId.VersionInformation || id == (ulong)TransportParameterId.MaxDatagramFrameSize;

    private static bool IsConnectionIdLength(byte[]? connectionId) =>
        connectionId is null || connectionId.Length <= WireLimits.MaxConnectionIdLength;

    private static bool Fail(string reason, out QuicError error)
    {
        error = QuicError.TransportParameter(reason);
        return false;
    }
}
