namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// The encryption levels of QUIC (RFC 9001 §2.1). The order is the order in which keys
/// become available; 0-RTT and 1-RTT share the application packet number space.
/// </summary>
internal enum EncryptionLevel : byte
{
    Initial = 0,
    ZeroRtt = 1,
    Handshake = 2,
    OneRtt = 3,
}
