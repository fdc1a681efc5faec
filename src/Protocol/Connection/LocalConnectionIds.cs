using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// The connection IDs we issue (RFC 9000 §5.1.1): sequence 0 is our handshake Source Connection
/// ID; more go out in NEW_CONNECTION_ID frames up to min(the peer's active_connection_id_limit,
/// ours), each with a stateless reset token. The peer retires them with RETIRE_CONNECTION_ID and
/// we replace them. Every change is reported to the endpoint, which routes by these IDs.
/// </summary>
internal sealed class LocalConnectionIds
{
    private readonly List<Entry> _entries = [];
    private readonly int _length;
    private readonly RandomSource _random;
    private readonly IConnectionIdGenerator? _generator;
    private readonly IStatelessResetTokenGenerator _tokens;
    private readonly EventRing<EndpointEvent> _endpointEvents;
    private long _nextSequence;
    private int _limit;

    public LocalConnectionIds(ConnectionId initial, int ourLimit, RandomSource random, IConnectionIdGenerator? generator,
        IStatelessResetTokenGenerator tokens, EventRing<EndpointEvent> endpointEvents)
    {
        _length = initial.Length;
        _random = random;
        _generator = generator;
        _tokens = tokens;
        _endpointEvents = endpointEvents;
        _limit = 1;
        OurLimit = ourLimit;
        Add(initial, announce: false);
    }

    /// <summary>How many IDs we are willing to keep active.</summary>
    public int OurLimit { get; }

    /// <summary>Our handshake Source Connection ID (sequence 0).</summary>
    public ConnectionId Initial => _entries[0].Id;

    /// <summary>The stateless reset token of sequence 0 (the server's stateless_reset_token transport parameter).</summary>
    public StatelessResetToken InitialToken => _entries[0].Token;

    public int ActiveCount
    {
        get
        {
            int count = 0;
            foreach (Entry entry in _entries)
                count += entry.Retired ? 0 : 1;
            return count;
        }
    }

    /// <summary>True when <paramref name="connectionId"/> is one of our active IDs.</summary>
    public bool IsActive(ReadOnlySpan<byte> connectionId)
    {
        foreach (Entry entry in _entries)
        {
            if (!entry.Retired && entry.Id.Matches(connectionId))
                return true;
        }
        return false;
    }

    /// <summary>The handshake is far enough along: issue IDs up to min(peer limit, ours) (zero-length IDs issue nothing).</summary>
    public void SetPeerLimit(long peerLimit)
    {
        _limit = (int)Math.Min(peerLimit, OurLimit);
        Replenish();
    }

    /// <summary>A NEW_CONNECTION_ID frame is due.</summary>
    public bool TryPeekPending(out long sequence, out ConnectionId id, out StatelessResetToken token, out long retirePriorTo)
    {
        foreach (Entry entry in _entries)
        {
            if (entry.Pending && !entry.Retired)
            {
                sequence = entry.Sequence;
                id = entry.Id;
                token = entry.Token;
                retirePriorTo = 0;
                return true;
            }
        }
        sequence = retirePriorTo = 0;
        id = default;
        token = default;
        return false;
    }

    public void OnFrameSent(long sequence) => SetPending(sequence, false);

    /// <summary>Lost: send again only if the ID is still active (retransmit the current state, not the frame).</summary>
    public void OnFrameLost(long sequence) => SetPending(sequence, true);

    /// <summary>
    /// RETIRE_CONNECTION_ID (RFC 9000 §19.16) received in a packet sent to <paramref name="packetDestination"/>.
    /// </summary>
    public QuicError OnRetire(long sequence, ReadOnlySpan<byte> packetDestination)
    {
        const ulong frameType = (ulong)FrameType.RetireConnectionId;
        if (sequence >= _nextSequence)
            return QuicError.ProtocolViolation(frameType, "retiring a connection ID never issued");
        int index = IndexOf(sequence);
        if (index < 0 || _entries[index].Retired)
            return QuicError.None;
        if (_entries[index].Id.Matches(packetDestination))
            return QuicError.ProtocolViolation(frameType, "retiring the connection ID the packet was sent to");
        Entry entry = _entries[index];
        entry.Retired = true;
        _entries[index] = entry;
        _endpointEvents.Enqueue(new EndpointEvent(EndpointEventKind.ConnectionIdRetired, entry.Id, entry.Sequence));
        Replenish();
        return QuicError.None;
    }

    /// <summary>Every ID, active or retired, for the endpoint's cleanup when the connection ends.</summary>
    public void RetireAll()
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            Entry entry = _entries[i];
            if (entry.Retired)
                continue;
            entry.Retired = true;
            _entries[i] = entry;
            _endpointEvents.Enqueue(new EndpointEvent(EndpointEventKind.ConnectionIdRetired, entry.Id, entry.Sequence));
        }
    }

    private void Replenish()
    {
        if (_length == 0)
            return;
        _entries.RemoveAll(static e => e.Retired);
        while (ActiveCount < _limit)
            Add(_generator?.NewConnectionId() ?? ConnectionId.CreateRandom(_length, _random), announce: true);
    }

    private void Add(ConnectionId id, bool announce)
    {
        StatelessResetToken token = _tokens.GetToken(id.Span);
        long sequence = _nextSequence++;
        _entries.Add(new Entry { Id = id, Sequence = sequence, Token = token, Pending = announce });
        _endpointEvents.Enqueue(new EndpointEvent(EndpointEventKind.ConnectionIdIssued, id, sequence, token));
    }

    private void SetPending(long sequence, bool pending)
    {
        int index = IndexOf(sequence);
        if (index < 0)
            return;
        Entry entry = _entries[index];
        entry.Pending = pending && !entry.Retired;
        _entries[index] = entry;
    }

    private int IndexOf(long sequence)
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Sequence == sequence)
                return i;
        }
        return -1;
    }

    private struct Entry
    {
        public ConnectionId Id;
        public long Sequence;
        public StatelessResetToken Token;
        public bool Retired;
        public bool Pending;
    }
}
