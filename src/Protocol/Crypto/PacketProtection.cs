namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// Protection of the packets of one direction at one encryption level and key generation
/// (RFC 9001 §5): the AEAD over the payload and the header protection over the first byte
/// and packet number. All operations work in place on the caller's packet buffer and allocate
/// nothing. The connection codes against this class; <see cref="AeadPacketProtection"/> is the
/// real one and <see cref="NullPacketProtection"/> lets tests and fuzzers drive the state
/// machine with readable packets. An instance is used by one thread at a time.
/// </summary>
/// <remarks>
/// Sending: write the header with the truncated packet number (and, in long headers, a Length
/// that counts packet number + payload + <see cref="TagLength"/>), write the payload after it,
/// then call <see cref="Protect"/> (or <see cref="Seal"/> then <see cref="ApplyHeaderProtection"/>).
/// Receiving: <see cref="TryRemoveHeaderProtection"/> on the packet (exactly its bytes), decode
/// the full packet number from the truncated one, then <see cref="TryOpen"/>.
/// </remarks>
internal abstract class PacketProtection : IDisposable
{
    /// <summary>Length of the AEAD tag appended to every payload (all QUIC suites, and null protection).</summary>
    public const int TagLength = CipherSuiteInfo.TagLength;

    /// <summary>The header-protection sample starts this many bytes after the packet number offset (RFC 9001 §5.4.2).</summary>
    public const int SampleOffset = 4;

    /// <summary>Length of the header-protection sample.</summary>
    public const int SampleLength = CipherSuiteInfo.SampleLength;

    /// <summary>
    /// The smallest payload (before the tag) a packet with a <paramref name="packetNumberLength"/>-byte
    /// packet number needs so that the header-protection sample exists (RFC 9001 §5.4.2);
    /// the packet builder pads up to it.
    /// </summary>
    public static int MinimumPayloadLength(int packetNumberLength) =>
        Math.Max(0, SampleOffset + SampleLength - TagLength - packetNumberLength);

    /// <summary>Packets that may be sealed with this key before a key update (RFC 9001 §6.6).</summary>
    public abstract long ConfidentialityLimit { get; }

    /// <summary>Failed openings a connection may see across all keys of this suite (RFC 9001 §6.6).</summary>
    public abstract long IntegrityLimit { get; }

    /// <summary>
    /// Encrypts <paramref name="packet"/>[headerLength..headerLength+payloadLength] in place,
    /// authenticating the header (<paramref name="packet"/>[..headerLength]) as associated data, with
    /// nonce = IV xor <paramref name="packetNumber"/>, and writes the tag right after the payload.
    /// Returns the protected packet length: headerLength + payloadLength + <see cref="TagLength"/>.
    /// </summary>
    public abstract int Seal(Span<byte> packet, int headerLength, int payloadLength, ulong packetNumber);

    /// <summary>
    /// Verifies and decrypts in place a packet whose header protection is already removed:
    /// <paramref name="packet"/> is the whole packet (header, ciphertext, tag). On success the
    /// plaintext is at [headerLength..headerLength+payloadLength]. Returns false, and never throws,
    /// when authentication fails or the packet is shorter than a tag; the payload bytes are then
    /// unspecified and the packet must be dropped.
    /// </summary>
    public abstract bool TryOpen(Span<byte> packet, int headerLength, ulong packetNumber, out int payloadLength);

    /// <summary>
    /// Masks the first byte's low bits and the <paramref name="packetNumberLength"/>-byte packet
    /// number at <paramref name="packetNumberOffset"/>, using the sample at packetNumberOffset + 4.
    /// Call after <see cref="Seal"/>; <paramref name="packet"/> must reach the end of the sample.
    /// </summary>
    public abstract void ApplyHeaderProtection(Span<byte> packet, int packetNumberOffset, int packetNumberLength);

    /// <summary>
    /// Unmasks the first byte (written back) and the packet number in place and returns the
    /// packet number length and the truncated packet number. <paramref name="packet"/> is the
    /// packet's own bytes (for a long header, up to the end its Length field gives). Returns false,
    /// leaving the packet untouched, when the packet is too short to hold the sample.
    /// </summary>
    public abstract bool TryRemoveHeaderProtection(Span<byte> packet, int packetNumberOffset,
        out int packetNumberLength, out uint truncatedPacketNumber);

    /// <summary>
    /// The protection of the next key phase (RFC 9001 §6.1): secret' = HKDF-Expand-Label(secret,
    /// "quic ku" / "quicv2 ku"), new AEAD key and IV, the same header-protection key. This object
    /// stays usable (old-phase packets may still arrive) and is disposed independently.
    /// </summary>
    public abstract PacketProtection CreateNextGeneration();

    /// <summary>Seal, then header protection. Returns the protected packet length.</summary>
    public int Protect(Span<byte> packet, int packetNumberOffset, int packetNumberLength, int payloadLength, ulong packetNumber)
    {
        int length = Seal(packet, packetNumberOffset + packetNumberLength, payloadLength, packetNumber);
        ApplyHeaderProtection(packet[..length], packetNumberOffset, packetNumberLength);
        return length;
    }

    /// <summary>Frees the cipher objects and wipes the secret; a shared header-protection key goes with its last user.</summary>
    public abstract void Dispose();
}
