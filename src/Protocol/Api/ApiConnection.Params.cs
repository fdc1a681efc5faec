using System.Text;
using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Runtime.Driver;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Api;

// Connection and TLS parameters. They are read and written on the connection's worker (the
// caller waits, or runs them inline inside a callback); values set before ConnectionStart shape
// the engine connection it creates.
internal sealed partial class ApiConnection
{
    private const int MaxReasonPhraseLength = 512;

    private QuicSettings _ownSettings;
    private byte[]? _resumptionTicket;
    private bool _secretsRequested;
    private QuicTlsSecrets _secrets;
    private QuicStreamSchedulingScheme _schedulingScheme;
    private bool _shareBinding;

    /// <summary>QUIC_PARAM_CONN_REMOTE_ADDRESS set before start: where to connect (the server name is then for TLS only).</summary>
    public QuicAddress? RemoteAddressOverride { get; private set; }

    /// <summary>QUIC_PARAM_CONN_LOCAL_ADDRESS set before start: where to bind.</summary>
    public QuicAddress? LocalAddressOverride { get; private set; }

    /// <summary>QUIC_PARAM_CONN_DATAGRAM_RECEIVE_ENABLED set before start.</summary>
    public bool? DatagramReceiveOverride { get; private set; }

    /// <summary>QUIC_PARAM_CONN_CLOSE_REASON_PHRASE: sent in our CONNECTION_CLOSE.</summary>
    public string? CloseReasonPhrase { get; private set; }

    /// <summary>The configuration's settings with the connection's own (set with QUIC_PARAM_CONN_SETTINGS) on top.</summary>
    private QuicSettings EffectiveSettings(ApiConfiguration? configuration)
    {
        QuicSettings settings = configuration?.Settings ?? ApiLibrary.Settings;
        QuicSettingsRules.TryApply(ref settings, _ownSettings);
        return settings;
    }

    /// <summary>GetParam for connection and TLS ids; synchronous with the worker.</summary>
    public QuicStatus GetParam(uint param, ref uint length, Span<byte> buffer) =>
        ReadParamOnWorker(GetParamOnWorker, param, ref length, buffer);

    /// <summary>A GetParam body that must run on the connection's worker.</summary>
    internal delegate QuicStatus ParamReader(uint param, ref uint length, Span<byte> buffer);

    /// <summary>
    /// Runs <paramref name="reader"/> on the worker and waits: inline when already there, else
    /// through a temporary buffer, since the caller's span cannot travel to another thread.
    /// Shared by the connection's and its streams' GetParam.
    /// </summary>
    internal QuicStatus ReadParamOnWorker(ParamReader reader, uint param, ref uint length, Span<byte> buffer)
    {
        if (Driver.IsOnWorkerThread)
            return reader(param, ref length, buffer);
        var temporary = new byte[length];
        uint resultLength = length;
        QuicStatus status = QuicStatus.InvalidState;
        if (!Invoke(_ =>
            {
                uint l = resultLength;
                status = reader(param, ref l, temporary);
                resultLength = l;
            }))
            return QuicStatus.InvalidState;
        if (status == QuicStatus.Success)
            temporary.AsSpan(0, (int)resultLength).CopyTo(buffer);
        length = resultLength;
        return status;
    }

    public QuicStatus SetParam(uint param, ReadOnlySpan<byte> buffer)
    {
        if (Driver.IsOnWorkerThread)
            return SetParamOnWorker(param, buffer);
        byte[] copy = buffer.ToArray();
        QuicStatus status = QuicStatus.InvalidState;
        return Invoke(now => status = SetParamOnWorker(param, copy)) ? status : QuicStatus.InvalidState;
    }

    private QuicStatus GetParamOnWorker(uint param, ref uint length, Span<byte> buffer)
    {
        QuicConnection? engine = Engine;
        switch (param)
        {
            case QuicParam.ConnQuicVersion:
                return engine is null ? QuicStatus.InvalidState : ParamBuffer.Write(engine.Version, ref length, buffer);
            case QuicParam.ConnLocalAddress:
                return LocalAddress() is { } local ? ParamBuffer.Write(local, ref length, buffer) : QuicStatus.InvalidState;
            case QuicParam.ConnRemoteAddress:
                QuicAddress? remote = engine is null ? RemoteAddressOverride : new QuicAddress(engine.Path.Remote.ToEndPoint());
                return remote is { } r ? ParamBuffer.Write(r, ref length, buffer) : QuicStatus.InvalidState;
            case QuicParam.ConnIdealProcessor:
                return ParamBuffer.Write((ushort)Driver.Handle.Worker.Index, ref length, buffer);
            case QuicParam.ConnSettings:
                QuicSettings settings = EffectiveSettings(Configuration);
                return ParamBuffer.Write(settings, ref length, buffer);
            case QuicParam.ConnStatistics:
                return engine is null ? QuicStatus.InvalidState : ParamBuffer.Write(StatisticsV1(engine), ref length, buffer);
            case QuicParam.ConnStatisticsV2:
                return engine is null ? QuicStatus.InvalidState : WriteStatisticsV2(StatisticsV2(engine), ref length, buffer);
            case QuicParam.ConnNetworkStatistics:
                return engine is null ? QuicStatus.InvalidState : ParamBuffer.Write(NetworkStatistics(engine, _idealSendBufferSize), ref length, buffer);
            case QuicParam.ConnLocalBidiStreamCount:
                return ParamBuffer.Write(ClampCount(engine?.Streams.AvailableLocalStreams(bidirectional: true) ?? 0), ref length, buffer);
            case QuicParam.ConnLocalUnidiStreamCount:
                return ParamBuffer.Write(ClampCount(engine?.Streams.AvailableLocalStreams(bidirectional: false) ?? 0), ref length, buffer);
            case QuicParam.ConnCloseReasonPhrase:
                return GetReasonPhrase(engine, ref length, buffer);
            case QuicParam.ConnStreamSchedulingScheme:
                return ParamBuffer.Write((uint)_schedulingScheme, ref length, buffer);
            case QuicParam.ConnDatagramReceiveEnabled:
                return ParamBuffer.WriteBool(DatagramReceiveOverride ?? EffectiveSettings(Configuration).DatagramReceiveEnabled, ref length, buffer);
            case QuicParam.ConnDatagramSendEnabled:
                return ParamBuffer.WriteBool(engine?.PeerParameters is { MaxDatagramFrameSize: > 0 }, ref length, buffer);
            case QuicParam.ConnShareUdpBinding:
                return ParamBuffer.WriteBool(_shareBinding, ref length, buffer);
            case QuicParam.ConnOrigDestCid:
                return engine is null ? QuicStatus.InvalidState : ParamBuffer.WriteBytes(engine.OriginalDestinationConnectionId.Span, ref length, buffer);
            case QuicParam.ConnTlsSecrets:
                return !_secretsRequested ? QuicStatus.InvalidState : ParamBuffer.Write(_secrets, ref length, buffer);
            case QuicParam.TlsHandshakeInfo:
                return engine is null || !engine.IsHandshakeComplete ? QuicStatus.InvalidState : ParamBuffer.Write(HandshakeInfo(engine.Tls), ref length, buffer);
            case QuicParam.TlsNegotiatedAlpn:
                return engine?.NegotiatedAlpn is { } alpn ? ParamBuffer.WriteBytes(alpn, ref length, buffer) : QuicStatus.InvalidState;
            default:
                return QuicStatus.InvalidParameter;
        }
    }

    private QuicStatus SetParamOnWorker(uint param, ReadOnlySpan<byte> buffer)
    {
        bool beforeStart = Engine is null && !IsServer;
        switch (param)
        {
            case QuicParam.ConnLocalAddress when ParamBuffer.TryRead(buffer, out QuicAddress local):
                if (!beforeStart)
                    return QuicStatus.InvalidState; // migration to another local address is not offered
                LocalAddressOverride = local;
                return QuicStatus.Success;
            case QuicParam.ConnRemoteAddress when ParamBuffer.TryRead(buffer, out QuicAddress remote):
                if (!beforeStart || _startCalled)
                    return QuicStatus.InvalidState;
                RemoteAddressOverride = remote;
                return QuicStatus.Success;
            case QuicParam.ConnSettings when ParamBuffer.TryRead(buffer, out QuicSettings settings):
                return ApplyOwnSettings(settings);
            case QuicParam.ConnCloseReasonPhrase:
                return SetReasonPhrase(buffer);
            case QuicParam.ConnStreamSchedulingScheme when ParamBuffer.TryRead(buffer, out uint scheme) && scheme <= 1:
                _schedulingScheme = (QuicStreamSchedulingScheme)scheme;
                return QuicStatus.Success;
            case QuicParam.ConnDatagramReceiveEnabled when ParamBuffer.TryReadBool(buffer, out bool enabled):
                if (Engine is not null && !(IsServer && Configuration is null))
                    return QuicStatus.InvalidState;
                DatagramReceiveOverride = enabled;
                return QuicStatus.Success;
            case QuicParam.ConnShareUdpBinding when ParamBuffer.TryReadBool(buffer, out bool share):
                if (!beforeStart || _startCalled)
                    return QuicStatus.InvalidState;
                _shareBinding = share;
                return QuicStatus.Success;
            case QuicParam.ConnResumptionTicket:
                if (IsServer || buffer.IsEmpty)
                    return QuicStatus.InvalidParameter;
                if (!beforeStart || _startCalled)
                    return QuicStatus.InvalidState;
                if (!ClientSessionTicket.TryDeserialize(buffer, out _))
                    return QuicStatus.InvalidParameter;
                _resumptionTicket = buffer.ToArray();
                return QuicStatus.Success;
            case QuicParam.ConnPeerCertificateValid when ParamBuffer.TryReadBool(buffer, out bool valid):
                if (!_certificatePending)
                    return QuicStatus.InvalidState;
                ExecuteCertificateDecision(valid, Runtime.MonotonicClock.NowMicros);
                return QuicStatus.Success;
            case QuicParam.ConnTlsSecrets:
                if (Engine is not null && !(IsServer && Configuration is null))
                    return QuicStatus.InvalidState;
                _secretsRequested = true;
                return QuicStatus.Success;
            default:
                return QuicStatus.InvalidParameter;
        }
    }

    /// <summary>QUIC_PARAM_CONN_SETTINGS: before the engine exists, any setting; after, none that it already used.</summary>
    private QuicStatus ApplyOwnSettings(in QuicSettings settings)
    {
        bool engineUsesThem = Engine is not null && !(IsServer && Configuration is null);
        if (engineUsesThem)
            return QuicStatus.InvalidState;
        QuicSettings merged = _ownSettings;
        QuicStatus status = QuicSettingsRules.TryApply(ref merged, settings);
        if (status.Succeeded())
            _ownSettings = merged;
        return status;
    }

    private QuicAddress? LocalAddress()
    {
        if (Engine is { } engine && !engine.Path.Local.IsNone)
            return new QuicAddress(engine.Path.Local.ToEndPoint());
        if (Driver.Binding is { } binding)
            return QuicAddress.FromUdpEndPoint(binding.LocalEndPoint);
        return LocalAddressOverride;
    }

    private QuicStatus GetReasonPhrase(QuicConnection? engine, ref uint length, Span<byte> buffer)
    {
        string phrase = CloseReasonPhrase ?? string.Empty;
        if (engine is { CloseReason.PhraseBytes: { Length: > 0 } received } && engine.State is ConnectionState.Draining or ConnectionState.Closed)
            phrase = Encoding.UTF8.GetString(received);
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(phrase) + 1];
        Encoding.UTF8.GetBytes(phrase, bytes);
        return ParamBuffer.WriteBytes(bytes, ref length, buffer);
    }

    private QuicStatus SetReasonPhrase(ReadOnlySpan<byte> buffer)
    {
        int end = buffer.IndexOf((byte)0);
        ReadOnlySpan<byte> text = end >= 0 ? buffer[..end] : buffer;
        if (text.Length > MaxReasonPhraseLength)
            return QuicStatus.InvalidParameter;
        CloseReasonPhrase = Encoding.UTF8.GetString(text);
        return QuicStatus.Success;
    }

    /// <summary>A shorter buffer of at least the first layout's size gets the leading fields (MsQuic's versioned struct).</summary>
    private static QuicStatus WriteStatisticsV2(in QuicStatisticsV2 statistics, ref uint length, Span<byte> buffer)
    {
        uint full = (uint)System.Runtime.CompilerServices.Unsafe.SizeOf<QuicStatisticsV2>();
        if (length >= full || length < QuicStatisticsV2.MinimumSize)
            return ParamBuffer.Write(statistics, ref length, buffer);
        Span<byte> all = stackalloc byte[(int)full];
        System.Runtime.InteropServices.MemoryMarshal.Write(all, in statistics);
        all[..(int)length].CopyTo(buffer);
        return QuicStatus.Success;
    }
}
