namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// The two ECN bits of the IP TOS / traffic-class byte (RFC 3168 §5). QUIC marks its packets
/// ECT(0) and counts what it receives (RFC 9000 §13.4).
/// </summary>
internal enum EcnCodepoint : byte
{
    NotEct = 0b00,
    Ect1 = 0b01,
    Ect0 = 0b10,
    Ce = 0b11,
}
