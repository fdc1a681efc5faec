using System.Buffers.Binary;
using System.Security.Cryptography;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// Seals and opens address-validation tokens (RFC 9000 §8.1): Retry tokens bound to the client's
/// IP and port, the original Destination Connection ID and the Retry Source Connection ID;
/// NEW_TOKEN tokens bound to the client's IP. Layout:
/// <c>header (kind bit 0x80 | key id) || nonce (12) || ciphertext || tag (16)</c>, the
/// plaintext being <c>issued (8) || address length (1) || address || port (2)</c> plus, for
/// Retry, <c>ODCID length || ODCID || RSCID length || RSCID</c>.
/// Encrypt-then-MAC: ChaCha20 keystream for confidentiality (tokens travel in clear and must not
/// link connections, §8.1.3), HMAC-SHA256/128 over header, nonce and ciphertext, compared in
/// constant time. .NET's AEAD classes report a bad tag only by throwing, which would make every
/// forged token an exception; this construction checks tags without one. Stateless and
/// thread-safe apart from the <see cref="RandomSource"/>.
/// </summary>
internal sealed class AddressTokenCodec
{
    public const int HeaderLength = 1;
    public const int NonceLength = ChaCha20Block.NonceLength;
    public const int TagLength = 16;
    public const int Overhead = HeaderLength + NonceLength + TagLength;
    private const int FixedPlaintextLength = 8 + 1 + 2;
    private const int MaxPlaintextLength = FixedPlaintextLength + NetAddress.IPv6Length + 2 * (1 + WireLimits.MaxConnectionIdLength);

    /// <summary>The longest token this codec writes (a Retry token for IPv6 with 20-byte IDs): 98 bytes.</summary>
    public const int MaxTokenLength = Overhead + MaxPlaintextLength;

    private const byte NewTokenBit = 0x80;

    private readonly AddressTokenKeyRing _keys;
    private readonly RandomSource _random;

    public AddressTokenCodec(AddressTokenKeyRing keys, RandomSource random, AddressTokenLifetimes lifetimes)
    {
        _keys = keys;
        _random = random;
        Lifetimes = lifetimes;
    }

    public AddressTokenLifetimes Lifetimes { get; }

    public bool TryWriteRetryToken(Span<byte> destination, in NetAddress client, ReadOnlySpan<byte> originalDestinationConnectionId,
        ReadOnlySpan<byte> retrySourceConnectionId, long unixMicros, out int bytesWritten)
    {
        if (originalDestinationConnectionId.Length > WireLimits.MaxConnectionIdLength
            || retrySourceConnectionId.Length > WireLimits.MaxConnectionIdLength)
            throw new ArgumentException("Connection IDs are at most 20 bytes.");
        Span<byte> plaintext = stackalloc byte[MaxPlaintextLength];
        int n = WriteCommon(plaintext, client, unixMicros);
        n += WriteConnectionId(plaintext[n..], originalDestinationConnectionId);
        n += WriteConnectionId(plaintext[n..], retrySourceConnectionId);
        return TrySeal(destination, AddressTokenKind.Retry, plaintext[..n], out bytesWritten);
    }

    public bool TryWriteNewToken(Span<byte> destination, in NetAddress client, long unixMicros, out int bytesWritten)
    {
        Span<byte> plaintext = stackalloc byte[MaxPlaintextLength];
        int n = WriteCommon(plaintext, client, unixMicros);
        return TrySeal(destination, AddressTokenKind.NewToken, plaintext[..n], out bytesWritten);
    }

    /// <summary>
    /// Checks <paramref name="token"/> from an Initial sent by <paramref name="client"/> whose
    /// Destination Connection ID is <paramref name="packetDestinationConnectionId"/>. Never throws.
    /// </summary>
    public TokenValidation Validate(ReadOnlySpan<byte> token, in NetAddress client,
        ReadOnlySpan<byte> packetDestinationConnectionId, long unixMicros)
    {
        if (token.Length < Overhead + FixedPlaintextLength + NetAddress.IPv4Length || token.Length > MaxTokenLength)
            return TokenValidation.Rejected(TokenStatus.Garbage);
        if (!_keys.TryGet(token[0] & AddressTokenKeyRing.MaxKeyId, out AddressTokenKey key))
            return TokenValidation.Rejected(TokenStatus.UnknownKey);

        Span<byte> tag = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key.Mac, token[..^TagLength], tag);
        if (!CryptographicOperations.FixedTimeEquals(tag[..TagLength], token[^TagLength..]))
            return TokenValidation.Rejected(TokenStatus.Garbage);

        ReadOnlySpan<byte> nonce = token.Slice(HeaderLength, NonceLength);
        ReadOnlySpan<byte> ciphertext = token[(HeaderLength + NonceLength)..^TagLength];
        Span<byte> plaintext = stackalloc byte[MaxPlaintextLength];
        Crypt(key, nonce, ciphertext, plaintext);
        var kind = (token[0] & NewTokenBit) != 0 ? AddressTokenKind.NewToken : AddressTokenKind.Retry;
        if (!TryParse(plaintext[..ciphertext.Length], kind, nonce, out AddressTokenContents contents, out NetAddress issuedTo))
            return TokenValidation.Rejected(TokenStatus.Garbage);
        return new TokenValidation(Check(contents, issuedTo, client, packetDestinationConnectionId, unixMicros), true, contents);
    }

    private TokenStatus Check(in AddressTokenContents contents, in NetAddress issuedTo, in NetAddress client,
        ReadOnlySpan<byte> packetDcid, long unixMicros)
    {
        bool retry = contents.Kind == AddressTokenKind.Retry;
        long lifetime = retry ? Lifetimes.RetryMicros : Lifetimes.NewTokenMicros;
        long age = unixMicros - contents.IssuedUnixMicros;
        if (age > lifetime || age < -Lifetimes.ClockSkewMicros)
            return TokenStatus.Expired;
        // RFC 9000 §8.1.4: Retry tokens prove the address and port; NEW_TOKEN tokens the IP only
        // (a later connection comes from another port).
        if (retry ? !issuedTo.Equals(client) : !issuedTo.HasSameIP(client))
            return TokenStatus.WrongAddress;
        if (retry && !contents.RetrySourceConnectionId.Span.SequenceEqual(packetDcid))
            return TokenStatus.WrongConnectionId;
        return TokenStatus.Valid;
    }

    private bool TrySeal(Span<byte> destination, AddressTokenKind kind, ReadOnlySpan<byte> plaintext, out int bytesWritten)
    {
        bytesWritten = 0;
        AddressTokenKey? key = _keys.Current ?? throw new InvalidOperationException("The token key ring is empty.");
        int length = Overhead + plaintext.Length;
        if (destination.Length < length)
            return false;
        Span<byte> token = destination[..length];
        token[0] = (byte)(key.Id | (kind == AddressTokenKind.NewToken ? NewTokenBit : 0));
        Span<byte> nonce = token.Slice(HeaderLength, NonceLength);
        _random.Fill(nonce);
        Crypt(key, nonce, plaintext, token.Slice(HeaderLength + NonceLength, plaintext.Length));
        Span<byte> tag = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key.Mac, token[..^TagLength], tag);
        tag[..TagLength].CopyTo(token[^TagLength..]);
        bytesWritten = length;
        return true;
    }

    /// <summary>XORs <paramref name="input"/> with the ChaCha20 keystream of (key, nonce) into <paramref name="output"/>.</summary>
    private static void Crypt(AddressTokenKey key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> input, Span<byte> output)
    {
        Span<byte> block = stackalloc byte[ChaCha20Block.BlockLength];
        for (int offset = 0, counter = 0; offset < input.Length; offset += ChaCha20Block.BlockLength, counter++)
        {
            ChaCha20Block.Compute(key.Encryption, (uint)counter, nonce, block);
            int count = Math.Min(ChaCha20Block.BlockLength, input.Length - offset);
            for (int i = 0; i < count; i++)
                output[offset + i] = (byte)(input[offset + i] ^ block[i]);
        }
        CryptographicOperations.ZeroMemory(block);
    }

    private static int WriteCommon(Span<byte> plaintext, in NetAddress client, long unixMicros)
    {
        BinaryPrimitives.WriteInt64BigEndian(plaintext, unixMicros);
        int addressLength = client.WriteAddress(plaintext[9..]);
        if (addressLength == 0)
            throw new ArgumentException("A token is bound to an IP address.", nameof(client));
        plaintext[8] = (byte)addressLength;
        BinaryPrimitives.WriteUInt16BigEndian(plaintext[(9 + addressLength)..], client.Port);
        return FixedPlaintextLength + addressLength;
    }

    private static int WriteConnectionId(Span<byte> destination, ReadOnlySpan<byte> cid)
    {
        destination[0] = (byte)cid.Length;
        cid.CopyTo(destination[1..]);
        return 1 + cid.Length;
    }

    private static bool TryParse(ReadOnlySpan<byte> plaintext, AddressTokenKind kind, ReadOnlySpan<byte> nonce,
        out AddressTokenContents contents, out NetAddress issuedTo)
    {
        contents = default;
        issuedTo = default;
        int addressLength = plaintext[8];
        if (addressLength is not (NetAddress.IPv4Length or NetAddress.IPv6Length)
            || plaintext.Length < FixedPlaintextLength + addressLength)
            return false;
        issuedTo = new NetAddress(plaintext.Slice(9, addressLength), BinaryPrimitives.ReadUInt16BigEndian(plaintext[(9 + addressLength)..]));
        ReadOnlySpan<byte> rest = plaintext[(FixedPlaintextLength + addressLength)..];
        ConnectionIdKey odcid = default, rscid = default;
        if (kind == AddressTokenKind.Retry && !(TryReadConnectionId(ref rest, out odcid) && TryReadConnectionId(ref rest, out rscid)))
            return false;
        if (!rest.IsEmpty)
            return false;
        Span<byte> id = stackalloc byte[16];
        id.Clear();
        nonce.CopyTo(id);
        contents = new AddressTokenContents
        {
            Kind = kind,
            IssuedUnixMicros = BinaryPrimitives.ReadInt64BigEndian(plaintext),
            OriginalDestinationConnectionId = odcid,
            RetrySourceConnectionId = rscid,
            Nonce = BinaryPrimitives.ReadUInt128LittleEndian(id),
        };
        return true;
    }

    private static bool TryReadConnectionId(ref ReadOnlySpan<byte> rest, out ConnectionIdKey cid)
    {
        cid = default;
        if (rest.IsEmpty || rest[0] > WireLimits.MaxConnectionIdLength || rest.Length < 1 + rest[0])
            return false;
        cid = new ConnectionIdKey(rest.Slice(1, rest[0]));
        rest = rest[(1 + rest[0])..];
        return true;
    }
}
