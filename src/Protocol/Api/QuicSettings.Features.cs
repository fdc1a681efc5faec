namespace QuicKestrel.Protocol.Api;

public partial struct QuicSettings
{
    /// <summary>Advertise support for receiving unreliable datagrams (RFC 9221, max_datagram_frame_size). Default false.</summary>
    public bool DatagramReceiveEnabled
    {
        readonly get => GetBit(DatagramReceiveBit);
        set => SetBit(DatagramReceiveBit, value, QuicSettingsFields.DatagramReceiveEnabled);
    }

    /// <summary>Server only: whether tickets are issued and resumption and 0-RTT accepted. Default <see cref="QuicServerResumptionLevel.NoResume"/>.</summary>
    public QuicServerResumptionLevel ServerResumptionLevel
    {
        readonly get => (QuicServerResumptionLevel)((_bitFields & ServerResumptionLevelMask) >> ServerResumptionLevelShift);
        set
        {
            // A 2-bit field as in MsQuic. Out-of-range values are stored as 3, which is not a
            // level either, so applying the settings refuses them instead of wrapping around.
            int level = Math.Min((int)value, 3) << ServerResumptionLevelShift;
            _bitFields = (byte)((_bitFields & ~ServerResumptionLevelMask) | level);
            MarkSet(QuicSettingsFields.ServerResumptionLevel);
        }
    }

    /// <summary>How many bytes to encrypt with one 1-RTT key before a key update (RFC 9001 §6). Default 274877906944 (2^38), also the maximum.</summary>
    public ulong MaxBytesPerKey
    {
        readonly get => _maxBytesPerKey;
        set { _maxBytesPerKey = value; MarkSet(QuicSettingsFields.MaxBytesPerKey); }
    }

    /// <summary>How much TLS handshake data, in bytes, a client buffers for sending. Default 4096.</summary>
    public uint TlsClientMaxSendBuffer
    {
        readonly get => _tlsClientMaxSendBuffer;
        set { _tlsClientMaxSendBuffer = value; MarkSet(QuicSettingsFields.TlsClientMaxSendBuffer); }
    }

    /// <summary>How much TLS handshake data, in bytes, a server buffers for sending (certificate chains). Default 8192.</summary>
    public uint TlsServerMaxSendBuffer
    {
        readonly get => _tlsServerMaxSendBuffer;
        set { _tlsServerMaxSendBuffer = value; MarkSet(QuicSettingsFields.TlsServerMaxSendBuffer); }
    }

    /// <summary>The longest a worker's queue may delay work, in microseconds, before new connections are refused as overload. Default 250000.</summary>
    public uint MaxWorkerQueueDelayUs
    {
        readonly get => _maxWorkerQueueDelayUs;
        set { _maxWorkerQueueDelayUs = value; MarkSet(QuicSettingsFields.MaxWorkerQueueDelayUs); }
    }

    /// <summary>How many stateless operations (Version Negotiation, Retry, stateless reset) a worker may have queued. Default 16.</summary>
    public uint MaxStatelessOperations
    {
        readonly get => _maxStatelessOperations;
        set { _maxStatelessOperations = value; MarkSet(QuicSettingsFields.MaxStatelessOperations); }
    }

    /// <summary>How many stateless operations one local socket (binding) may have queued. Default 100.</summary>
    public ushort MaxBindingStatelessOperations
    {
        readonly get => _maxBindingStatelessOperations;
        set { _maxBindingStatelessOperations = value; MarkSet(QuicSettingsFields.MaxBindingStatelessOperations); }
    }

    /// <summary>How long, in milliseconds, a remote address must wait between stateless operations, limiting reflection. Default 100.</summary>
    public ushort StatelessOperationExpirationMs
    {
        readonly get => _statelessOperationExpirationMs;
        set { _statelessOperationExpirationMs = value; MarkSet(QuicSettingsFields.StatelessOperationExpirationMs); }
    }

    /// <summary>How many queued operations a connection processes per turn on its worker before yielding. Default 16; not 0.</summary>
    public byte MaxOperationsPerDrain
    {
        readonly get => _maxOperationsPerDrain;
        set { _maxOperationsPerDrain = value; MarkSet(QuicSettingsFields.MaxOperationsPerDrain); }
    }
}
