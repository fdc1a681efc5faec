using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// The connection IDs the peer gave us (RFC 9000 §5.1.1, §5.1.2, §19.15): the one we send to,
/// the spares, and the RETIRE_CONNECTION_ID frames we owe. Enforces our
/// active_connection_id_limit, the sequence and Retire Prior To rules, and a bound on
/// retirements not yet acknowledged. Keeps each ID's stateless reset token for detecting resets.
/// </summary>
internal sealed class PeerConnectionIds
{
    /// <summary>Retirements sent or waiting that the peer has not acknowledged, at most (RFC 9000 §5.1.2).</summary>
    public const int MaxUnacknowledgedRetirements = 32;

    private readonly List<Entry> _active = [];
    private readonly List<long> _retirePending = [];
    private int _retireInFlight;
    private readonly int _limit;
    private readonly EventRing<EndpointEvent> _endpointEvents;
    private long _retirePriorTo;
    private int _current;

    public PeerConnectionIds(ConnectionId initial, int activeConnectionIdLimit, EventRing<EndpointEvent> endpointEvents)
    {
        _limit = activeConnectionIdLimit;
        _endpointEvents = endpointEvents;
        _active.Add(new Entry { Id = initial, Sequence = 0, Used = true });
    }

    /// <summary>The Destination Connection ID we send with.</summary>
    public ConnectionId Current => _active[_current].Id;

    public int ActiveCount => _active.Count;

    /// <summary>Client: the server's first Initial names its real connection ID, replacing our random one (RFC 9000 §7.2).</summary>
    public void ReplaceInitial(ConnectionId serverChosen)
    {
        Entry entry = _active[0];
        entry.Id = serverChosen;
        _active[0] = entry;
    }

    /// <summary>Client: the server's stateless_reset_token transport parameter belongs to sequence 0.</summary>
    public void SetInitialToken(StatelessResetToken token)
    {
        int index = IndexOf(0);
        if (index < 0)
            return;
        Entry entry = _active[index];
        entry.Token = token;
        entry.HasToken = true;
        _active[index] = entry;
        if (entry.Used)
            _endpointEvents.Enqueue(new EndpointEvent(EndpointEventKind.PeerResetTokenActive, entry.Id, 0, token));
    }

    /// <summary>NEW_CONNECTION_ID (RFC 9000 §19.15).</summary>
    public QuicError OnNewConnectionId(long sequence, long retirePriorTo, ReadOnlySpan<byte> id, ReadOnlySpan<byte> token)
    {
        const ulong frameType = (ulong)FrameType.NewConnectionId;
        if (Current.IsEmpty)
            return QuicError.ProtocolViolation(frameType, "NEW_CONNECTION_ID for a peer using zero-length connection IDs");
        QuicError error = CheckConsistency(sequence, id, token, out bool duplicate);
        if (error.IsError || duplicate)
            return error;
        if (sequence < _retirePriorTo)
            return QueueRetirement(sequence);
        _active.Add(new Entry { Id = new ConnectionId(id), Sequence = sequence, Token = new StatelessResetToken(token), HasToken = true });
        if (retirePriorTo > _retirePriorTo)
        {
            _retirePriorTo = retirePriorTo;
            error = RetireBelow(retirePriorTo);
            if (error.IsError)
                return error;
        }
        // RFC 9000 §5.1.1: more active IDs than our limit is a CONNECTION_ID_LIMIT_ERROR.
        return _active.Count > _limit
            ? new QuicError(TransportErrorCode.ConnectionIdLimitError, frameType, "more active connection IDs than active_connection_id_limit")
            : QuicError.None;
    }

    public bool TryPeekRetirement(out long sequence)
    {
        if (_retirePending.Count == 0)
        {
            sequence = 0;
            return false;
        }
        sequence = _retirePending[0];
        return true;
    }

    public void OnRetirementSent(long sequence)
    {
        if (_retirePending.Remove(sequence))
            _retireInFlight++;
    }

    public void OnRetirementLost(long sequence)
    {
        _retireInFlight--;
        _retirePending.Add(sequence);
    }

    public void OnRetirementAcked() => _retireInFlight--;

    /// <summary>
    /// True when the last 16 bytes of a datagram we could not decrypt are the reset token of an ID
    /// we have used (RFC 9000 §10.3.1); compared in constant time.
    /// </summary>
    public bool IsStatelessReset(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < StatelessResetToken.Length)
            return false;
        ReadOnlySpan<byte> candidate = datagram[^StatelessResetToken.Length..];
        bool match = false;
        foreach (Entry entry in _active)
            match |= entry.Used && entry.HasToken && entry.Token.FixedTimeEquals(candidate);
        return match;
    }

    private QuicError CheckConsistency(long sequence, ReadOnlySpan<byte> id, ReadOnlySpan<byte> token, out bool duplicate)
    {
        const ulong frameType = (ulong)FrameType.NewConnectionId;
        duplicate = false;
        foreach (Entry entry in _active)
        {
            bool sameSequence = entry.Sequence == sequence;
            bool sameId = entry.Id.Matches(id);
            if (sameSequence && sameId && (!entry.HasToken || entry.Token.Span.SequenceEqual(token)))
            {
                duplicate = true;
                return QuicError.None;
            }
            if (sameSequence || sameId)
                return QuicError.ProtocolViolation(frameType, "NEW_CONNECTION_ID reuses a sequence number or connection ID");
        }
        return QuicError.None;
    }

    private QuicError RetireBelow(long retirePriorTo)
    {
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            if (_active[i].Sequence >= retirePriorTo)
                continue;
            bool wasCurrent = i == _current;
            QuicError error = QueueRetirement(_active[i].Sequence);
            ReportRetired(_active[i]);
            _active.RemoveAt(i);
            if (i < _current)
                _current--;
            if (wasCurrent)
                _current = LowestSequenceIndex();
            if (error.IsError)
                return error;
        }
        Use(_current);
        return QuicError.None;
    }

    private void ReportRetired(in Entry entry)
    {
        if (entry.Used && entry.HasToken)
            _endpointEvents.Enqueue(new EndpointEvent(EndpointEventKind.PeerResetTokenRetired, entry.Id, entry.Sequence, entry.Token));
    }

    private QuicError QueueRetirement(long sequence)
    {
        _retirePending.Add(sequence);
        return _retirePending.Count + _retireInFlight > MaxUnacknowledgedRetirements
            ? new QuicError(TransportErrorCode.ConnectionIdLimitError, (ulong)FrameType.NewConnectionId, "too many connection IDs retired without acknowledgement")
            : QuicError.None;
    }

    private void Use(int index)
    {
        _current = index;
        Entry entry = _active[index];
        if (entry.Used)
            return;
        entry.Used = true;
        _active[index] = entry;
        if (entry.HasToken)
            _endpointEvents.Enqueue(new EndpointEvent(EndpointEventKind.PeerResetTokenActive, entry.Id, entry.Sequence, entry.Token));
    }

    private int LowestSequenceIndex()
    {
        int best = 0;
        for (int i = 1; i < _active.Count; i++)
        {
            if (_active[i].Sequence < _active[best].Sequence)
                best = i;
        }
        return best;
    }

    private int IndexOf(long sequence)
    {
        for (int i = 0; i < _active.Count; i++)
        {
            if (_active[i].Sequence == sequence)
                return i;
        }
        return -1;
    }

    private struct Entry
    {
        public ConnectionId Id;
        public long Sequence;
        public StatelessResetToken Token;
        public bool HasToken;
        public bool Used;
    }
}
