using BenchmarkDotNet.Attributes;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Benchmarks.Crypto;

/// <summary>The cipher suites, as a public type BenchmarkDotNet can put in [Params].</summary>
public enum Suite
{
    Aes128Gcm,
    Aes256Gcm,
    ChaCha20Poly1305,
}

/// <summary>
/// Protect (seal + header protection) and unprotect (remove header protection + open) of a
/// 1200-byte 1-RTT packet: 1-byte first byte, 8-byte DCID, 4-byte packet number, 1171-byte
/// payload, 16-byte tag. Each operation first restores the packet (a 1200-byte copy) because
/// protection works in place.
/// </summary>
[MemoryDiagnoser]
public class PacketProtectionBenchmarks
{
    private const int PacketLength = 1200;
    private const int PacketNumberOffset = 9;
    private const int PacketNumberLength = 4;
    private const int PayloadLength = PacketLength - PacketNumberOffset - PacketNumberLength - PacketProtection.TagLength;
    private const ulong PacketNumber = 0x01020304;

    private readonly byte[] _plain = new byte[PacketLength];
    private readonly byte[] _protected = new byte[PacketLength];
    private readonly byte[] _forged = new byte[PacketLength];
    private readonly byte[] _buffer = new byte[PacketLength];
    private PacketProtection _sender = null!;
    private PacketProtection _receiver = null!;

    [Params(Suite.Aes128Gcm, Suite.Aes256Gcm, Suite.ChaCha20Poly1305)]
    public Suite Suite { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        CipherSuite suite = Suite switch
        {
            Suite.Aes128Gcm => CipherSuite.Aes128GcmSha256,
            Suite.Aes256Gcm => CipherSuite.Aes256GcmSha384,
            _ => CipherSuite.ChaCha20Poly1305Sha256,
        };
        var secret = new byte[CipherSuiteInfo.HashLength(suite)];
        new Random(1).NextBytes(secret);
        _sender = new AeadPacketProtection(suite, secret, QuicVersion.V1);
        _receiver = new AeadPacketProtection(suite, secret, QuicVersion.V1);

        new Random(2).NextBytes(_plain);
        _plain[0] = 0x40 | (PacketNumberLength - 1);
        _plain[PacketNumberOffset] = 0x01;
        _plain[PacketNumberOffset + 1] = 0x02;
        _plain[PacketNumberOffset + 2] = 0x03;
        _plain[PacketNumberOffset + 3] = 0x04;
        _plain.CopyTo(_protected, 0);
        _sender.Protect(_protected, PacketNumberOffset, PacketNumberLength, PayloadLength, PacketNumber);
        _protected.CopyTo(_forged, 0);
        _forged[^1] ^= 0x01;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    [Benchmark]
    public int Protect()
    {
        _plain.CopyTo(_buffer, 0);
        return _sender.Protect(_buffer, PacketNumberOffset, PacketNumberLength, PayloadLength, PacketNumber);
    }

    [Benchmark]
    public int Unprotect()
    {
        _protected.CopyTo(_buffer, 0);
        if (!_receiver.TryRemoveHeaderProtection(_buffer, PacketNumberOffset, out int pnLength, out uint truncated)
            || !_receiver.TryOpen(_buffer, PacketNumberOffset + pnLength, truncated, out int payloadLength))
            throw new InvalidOperationException("The packet did not open.");
        return payloadLength;
    }

    /// <summary>
    /// A packet with a wrong tag: .NET reports it only by throwing, which the protection
    /// catches. Shows what each forged or corrupted packet costs (time and the exception object).
    /// </summary>
    [Benchmark]
    public bool UnprotectForged()
    {
        _forged.CopyTo(_buffer, 0);
        return _receiver.TryRemoveHeaderProtection(_buffer, PacketNumberOffset, out int pnLength, out uint truncated)
            && _receiver.TryOpen(_buffer, PacketNumberOffset + pnLength, truncated, out _);
    }

    /// <summary>Seal alone, to separate the AEAD's cost from header protection's.</summary>
    [Benchmark]
    public int SealOnly()
    {
        _plain.CopyTo(_buffer, 0);
        return _sender.Seal(_buffer, PacketNumberOffset + PacketNumberLength, PayloadLength, PacketNumber);
    }
}
