namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>The two ECN bits of the IP header (RFC 3168 §5), as a sender sets them and a receiver sees them.</summary>
internal enum EcnCodepoint : byte
{
    NotEct = 0b00,
    Ect1 = 0b01,
    Ect0 = 0b10,
    Ce = 0b11,
}
