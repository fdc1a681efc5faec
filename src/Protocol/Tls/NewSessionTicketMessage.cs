namespace QuicKestrel.Protocol.Tls;

/// <summary>NewSessionTicket (RFC 8446 §4.6.1), with QUIC's early_data rule (RFC 9001 §4.6.1).</summary>
internal sealed class NewSessionTicketMessage
{
    public uint LifetimeSeconds { get; private set; }
    public uint AgeAdd { get; private set; }
    public byte[] Nonce { get; private set; } = [];
    public byte[] Ticket { get; private set; } = [];
    public uint MaxEarlyDataSize { get; private set; }

    public static TlsError TryParse(ReadOnlySpan<byte> message, out NewSessionTicketMessage nst)
    {
        nst = new NewSessionTicketMessage();
        var r = new TlsReader(message[4..]);
        if (!r.ReadUInt32(out uint lifetime) || !r.ReadUInt32(out uint ageAdd) || !r.ReadVector8(out var nonce)
            || !r.ReadVector16(out var ticket) || ticket.IsEmpty || !r.ReadVector16(out var block) || !r.IsEmpty)
            return new TlsError(TlsAlert.DecodeError, "malformed NewSessionTicket");
        nst.LifetimeSeconds = lifetime;
        nst.AgeAdd = ageAdd;
        nst.Nonce = nonce.ToArray();
        nst.Ticket = ticket.ToArray();
        Span<ushort> seen = stackalloc ushort[ExtensionBlock.ScratchSize];
        var extensions = new ExtensionBlock(block, seen);
        TlsError error;
        while (extensions.Next(out ushort type, out var body, out error))
        {
            if (type != (ushort)ExtensionType.EarlyData)
                continue; // unknown NewSessionTicket extensions are ignored (RFC 8446 §4.6.1)
            var b = new TlsReader(body);
            if (!b.ReadUInt32(out uint maxEarly) || !b.IsEmpty)
                return new TlsError(TlsAlert.DecodeError, "malformed early_data");
            if (maxEarly != TlsConstants.QuicMaxEarlyDataSize)
                return new TlsError(TlsAlert.IllegalParameter, "QUIC tickets must carry max_early_data_size 0xffffffff", TlsError.ProtocolViolation);
            nst.MaxEarlyDataSize = maxEarly;
        }
        return error;
    }

    public static void Write(TlsWriter w, uint lifetime, uint ageAdd, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ticket, bool allowEarlyData)
    {
        int message = w.BeginMessage(HandshakeType.NewSessionTicket);
        w.WriteUInt32(lifetime);
        w.WriteUInt32(ageAdd);
        w.WriteVector8(nonce);
        w.WriteVector16(ticket);
        int extensions = w.BeginVector(2);
        if (allowEarlyData)
        {
            int ext = w.BeginExtension(ExtensionType.EarlyData);
            w.WriteUInt32(TlsConstants.QuicMaxEarlyDataSize);
            w.EndVector(ext);
        }
        w.EndVector(extensions);
        w.EndVector(message);
    }
}
