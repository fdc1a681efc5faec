using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>Which 1-RTT read key a received packet is tried with (RFC 9001 §6.3).</summary>
internal enum ReadKeySlot : byte
{
    Current,
    Previous,
    Next,
}

/// <summary>
/// The application space's keys: 0-RTT, and the 1-RTT key phases with key update (RFC 9001 §6).
/// Read and write keys change phase together. The next read key is derived in advance, so a
/// peer's update costs no extra work on the packet that carries it; the previous read key is
/// kept for packets reordered across the update until three PTOs after the first packet of the
/// new phase, then dropped. A new update may start only once a packet sent in the current phase
/// is acknowledged and the previous key is gone.
/// </summary>
internal sealed class ApplicationKeys : IDisposable
{
    private PacketProtection? _read, _write, _nextRead, _previousRead;
    private long _lowestReceivedInPhase = long.MaxValue;
    private long _firstSentInPhase = long.MaxValue;
    private bool _sentPacketInPhaseAcked;
    private bool _peerUpdateAcknowledgedByUs;

    public PacketProtection? ZeroRttSend { get; set; }

    public PacketProtection? ZeroRttReceive { get; set; }

    /// <summary>The key phase bit of packets we send (and of the current read key).</summary>
    public bool KeyPhase { get; private set; }

    public bool HasOneRttWrite => _write is not null;

    public bool HasOneRttRead => _read is not null;

    public PacketProtection? Write => _write;

    /// <summary>Key updates done (either side's).</summary>
    public int KeyUpdateCount { get; private set; }

    /// <summary>Key phases in which at least one packet was sent / received (tests check both phases were used).</summary>
    public int PhasesSentIn { get; private set; }

    public int PhasesReceivedIn { get; private set; }

    /// <summary>When the previous read key is to be dropped; long.MaxValue when none is held or not yet scheduled.</summary>
    public long PreviousKeyDiscardTime { get; private set; } = long.MaxValue;

    /// <summary>Packets and bytes sealed with the current write key (RFC 9001 §6.6, MsQuic MaxBytesPerKey).</summary>
    public long PacketsSealedWithKey { get; private set; }

    public long BytesSealedWithKey { get; private set; }

    /// <summary>A new key update may start now (RFC 9001 §6.1, §6.5).</summary>
    public bool CanInitiateUpdate => _write is not null && _read is not null && _sentPacketInPhaseAcked && _previousRead is null;

    public void InstallOneRttWrite(PacketProtection write)
    {
        _write = write;
        PacketsSealedWithKey = BytesSealedWithKey = 0;
    }

    public void InstallOneRttRead(PacketProtection read)
    {
        _read = read;
        _nextRead = read.CreateNextGeneration();
    }

    /// <summary>The key to open a 1-RTT packet with, from its key phase bit and packet number.</summary>
    public PacketProtection? SelectReadKey(bool keyPhase, long packetNumber, out ReadKeySlot slot)
    {
        if (keyPhase == KeyPhase)
        {
            slot = ReadKeySlot.Current;
            return _read;
        }
        // Older than the new phase's first packet: reordered from before the update.
        if (_previousRead is not null && packetNumber < _lowestReceivedInPhase)
        {
            slot = ReadKeySlot.Previous;
            return _previousRead;
        }
        slot = ReadKeySlot.Next;
        return _nextRead;
    }

    /// <summary>
    /// A packet opened with the key from <see cref="SelectReadKey"/>. Returns KEY_UPDATE_ERROR for
    /// a peer updating twice before we acknowledged its previous update (RFC 9001 §6.2).
    /// </summary>
    public QuicError OnPacketOpened(ReadKeySlot slot, long packetNumber, long now, long ptoPeriod)
    {
        if (slot == ReadKeySlot.Next)
        {
            if (KeyUpdateCount > 0 && !_peerUpdateAcknowledgedByUs && _lowestReceivedInPhase != long.MaxValue)
                return new QuicError(TransportErrorCode.KeyUpdateError, 0, "peer updated keys twice without waiting for an acknowledgement");
            Rotate();
        }
        if (slot == ReadKeySlot.Previous)
            return QuicError.None;
        if (_lowestReceivedInPhase == long.MaxValue)
        {
            PhasesReceivedIn++;
            if (_previousRead is not null)
                PreviousKeyDiscardTime = now + 3 * ptoPeriod;
        }
        _lowestReceivedInPhase = Math.Min(_lowestReceivedInPhase, packetNumber);
        return QuicError.None;
    }

    /// <summary>Starts a key update (on request or before a usage limit). False when not allowed yet.</summary>
    public bool TryInitiateUpdate()
    {
        if (!CanInitiateUpdate)
            return false;
        Rotate();
        return true;
    }

    /// <summary>A 1-RTT packet was sealed with the current write key.</summary>
    public void OnPacketSealed(long packetNumber, int bytes, bool carriesAckOfCurrentPhase)
    {
        if (_firstSentInPhase == long.MaxValue)
        {
            _firstSentInPhase = packetNumber;
            PhasesSentIn++;
        }
        PacketsSealedWithKey++;
        BytesSealedWithKey += bytes;
        if (carriesAckOfCurrentPhase)
            _peerUpdateAcknowledgedByUs = true;
    }

    /// <summary>The lowest packet number received in the current phase (long.MaxValue before any).</summary>
    public long LowestReceivedInPhase => _lowestReceivedInPhase;

    /// <summary>The peer acknowledged one of our 1-RTT packets.</summary>
    public void OnPacketAcked(long packetNumber)
    {
        if (packetNumber >= _firstSentInPhase)
            _sentPacketInPhaseAcked = true;
    }

    /// <summary>Drops the previous read key once its time is up.</summary>
    public void OnTimeout(long now)
    {
        if (now < PreviousKeyDiscardTime)
            return;
        _previousRead?.Dispose();
        _previousRead = null;
        PreviousKeyDiscardTime = long.MaxValue;
    }

    public void DiscardZeroRtt()
    {
        ZeroRttSend?.Dispose();
        ZeroRttReceive?.Dispose();
        ZeroRttSend = null;
        ZeroRttReceive = null;
    }

    public void Dispose()
    {
        DiscardZeroRtt();
        _read?.Dispose();
        _write?.Dispose();
        _nextRead?.Dispose();
        _previousRead?.Dispose();
        _read = _write = _nextRead = _previousRead = null;
    }

    // Moves both directions to the next phase; the old read key stays for reordered packets.
    private void Rotate()
    {
        _previousRead?.Dispose();
        _previousRead = _read;
        _read = _nextRead;
        _nextRead = _read!.CreateNextGeneration();
        PacketProtection oldWrite = _write!;
        _write = oldWrite.CreateNextGeneration();
        oldWrite.Dispose();
        KeyPhase = !KeyPhase;
        KeyUpdateCount++;
        PreviousKeyDiscardTime = long.MaxValue;
        _lowestReceivedInPhase = long.MaxValue;
        _firstSentInPhase = long.MaxValue;
        _sentPacketInPhaseAcked = false;
        _peerUpdateAcknowledgedByUs = false;
        PacketsSealedWithKey = BytesSealedWithKey = 0;
    }
}
