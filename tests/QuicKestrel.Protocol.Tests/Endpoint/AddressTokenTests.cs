using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;

namespace QuicKestrel.Protocol.Tests.Endpoint;

public class AddressTokenTests
{
    private const long Now = 1_700_000_000_000_000; // unix micros
    private static readonly NetAddress Client = new([198, 51, 100, 7], 40000);
    private static readonly byte[] Odcid = EndpointTestKit.Bytes(12, 3);
    private static readonly byte[] Rscid = EndpointTestKit.Bytes(8, 50);

    private static AddressTokenCodec Codec(AddressTokenKeyRing? ring = null, ulong seed = 31) =>
        new(ring ?? AddressTokenKeyRing.CreateRandom(new SeededRandomSource(seed)), new SeededRandomSource(seed + 1),
            AddressTokenLifetimes.Default);

    private static byte[] RetryToken(AddressTokenCodec codec, NetAddress client, long now = Now)
    {
        var token = new byte[AddressTokenCodec.MaxTokenLength];
        Assert.True(codec.TryWriteRetryToken(token, client, Odcid, Rscid, now, out int length));
        return token[..length];
    }

    private static byte[] NewToken(AddressTokenCodec codec, NetAddress client, long now = Now)
    {
        var token = new byte[AddressTokenCodec.MaxTokenLength];
        Assert.True(codec.TryWriteNewToken(token, client, now, out int length));
        return token[..length];
    }

    [Fact]
    public void RetryTokenRoundTripsItsContents()
    {
        AddressTokenCodec codec = Codec();
        byte[] token = RetryToken(codec, Client);
        TokenValidation result = codec.Validate(token, Client, Rscid, Now + 1_000_000);
        Assert.Equal(TokenStatus.Valid, result.Status);
        Assert.True(result.IsAuthentic);
        Assert.Equal(AddressTokenKind.Retry, result.Contents.Kind);
        Assert.Equal(Now, result.Contents.IssuedUnixMicros);
        Assert.Equal(Odcid, result.Contents.OriginalDestinationConnectionId.Span.ToArray());
        Assert.Equal(Rscid, result.Contents.RetrySourceConnectionId.Span.ToArray());
    }

    [Fact]
    public void RetryTokenIsBoundToAddressPortConnectionIdAndTime()
    {
        AddressTokenCodec codec = Codec();
        byte[] token = RetryToken(codec, Client);
        Assert.Equal(TokenStatus.WrongAddress, codec.Validate(token, new NetAddress([198, 51, 100, 7], 40001), Rscid, Now).Status);
        Assert.Equal(TokenStatus.WrongAddress, codec.Validate(token, new NetAddress([198, 51, 100, 8], 40000), Rscid, Now).Status);
        Assert.Equal(TokenStatus.WrongConnectionId, codec.Validate(token, Client, Odcid, Now).Status);
        Assert.Equal(TokenStatus.Valid, codec.Validate(token, Client, Rscid, Now + 10_000_000).Status);
        Assert.Equal(TokenStatus.Expired, codec.Validate(token, Client, Rscid, Now + 10_000_001).Status);
        Assert.Equal(TokenStatus.Expired, codec.Validate(token, Client, Rscid, Now - 60_000_001).Status);
        Assert.True(codec.Validate(token, Client, Rscid, Now + 10_000_001).IsAuthentic);
    }

    [Fact]
    public void NewTokenIsBoundToTheIPOnlyAndLivesADay()
    {
        AddressTokenCodec codec = Codec();
        byte[] token = NewToken(codec, Client);
        TokenValidation result = codec.Validate(token, new NetAddress([198, 51, 100, 7], 1234), [1, 2, 3, 4, 5, 6, 7, 8], Now + 3_600_000_000);
        Assert.Equal(TokenStatus.Valid, result.Status);
        Assert.Equal(AddressTokenKind.NewToken, result.Contents.Kind);
        Assert.True(result.Contents.OriginalDestinationConnectionId.IsEmpty);
        Assert.Equal(TokenStatus.WrongAddress, codec.Validate(token, new NetAddress([198, 51, 100, 9], 40000), [], Now).Status);
        Assert.Equal(TokenStatus.Expired, codec.Validate(token, Client, [], Now + 24L * 3600 * 1_000_000 + 1).Status);
    }

    [Fact]
    public void IPv6TokensWork()
    {
        AddressTokenCodec codec = Codec();
        var v6 = NetAddress.FromIPEndPoint(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("2001:db8::5"), 443));
        Assert.Equal(TokenStatus.Valid, codec.Validate(RetryToken(codec, v6), v6, Rscid, Now).Status);
        Assert.Equal(TokenStatus.Valid, codec.Validate(NewToken(codec, v6), v6, [], Now).Status);
        Assert.Equal(TokenStatus.WrongAddress, codec.Validate(NewToken(codec, v6), Client, [], Now).Status);
    }

    [Fact]
    public void EveryTokenIsUniqueAndHidesItsContents()
    {
        AddressTokenCodec codec = Codec();
        byte[] a = NewToken(codec, Client);
        byte[] b = NewToken(codec, Client);
        Assert.NotEqual(a, b);
        // Nothing of the address appears in clear.
        Assert.Equal(-1, a.AsSpan().IndexOf(new byte[] { 198, 51, 100, 7 }));
        Assert.Equal(-1, RetryToken(codec, Client).AsSpan().IndexOf(Odcid.AsSpan()));
    }

    [Fact]
    public void AnyFlippedBitMakesTheTokenWorthless()
    {
        AddressTokenCodec codec = Codec();
        byte[] token = RetryToken(codec, Client);
        for (int i = 0; i < token.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] copy = (byte[])token.Clone();
                copy[i] ^= (byte)(1 << bit);
                TokenValidation result = codec.Validate(copy, Client, Rscid, Now);
                Assert.False(result.IsValid);
                Assert.False(result.IsAuthentic);
                Assert.True(result.Status is TokenStatus.Garbage or TokenStatus.UnknownKey, $"byte {i} bit {bit}: {result.Status}");
            }
        }
        Assert.Equal(TokenStatus.Garbage, codec.Validate(token[..^1], Client, Rscid, Now).Status);
        Assert.Equal(TokenStatus.Garbage, codec.Validate([], Client, Rscid, Now).Status);
    }

    [Fact]
    public void RotatedKeysStillOpenUntilTheyLeaveTheRing()
    {
        var ring = new AddressTokenKeyRing(maxKeys: 2);
        ring.AddKey(1, EndpointTestKit.Bytes(32, 1));
        AddressTokenCodec codec = Codec(ring);
        byte[] oldToken = NewToken(codec, Client);
        Assert.Equal(1, oldToken[0] & 0x7f);
        ring.AddKey(2, EndpointTestKit.Bytes(32, 2));
        byte[] newToken = NewToken(codec, Client);
        Assert.Equal(2, newToken[0] & 0x7f);
        Assert.True(codec.Validate(oldToken, Client, [], Now).IsValid);
        Assert.True(codec.Validate(newToken, Client, [], Now).IsValid);
        ring.AddKey(3, EndpointTestKit.Bytes(32, 3));
        Assert.Equal(TokenStatus.UnknownKey, codec.Validate(oldToken, Client, [], Now).Status);
        Assert.True(codec.Validate(newToken, Client, [], Now).IsValid);
    }

    [Fact]
    public void ServersSharingASecretAcceptEachOthersTokens()
    {
        var ringA = new AddressTokenKeyRing();
        var ringB = new AddressTokenKeyRing();
        ringA.AddKey(9, EndpointTestKit.Bytes(32, 77));
        ringB.AddKey(9, EndpointTestKit.Bytes(32, 77));
        byte[] token = NewToken(Codec(ringA, 1), Client);
        Assert.True(Codec(ringB, 2).Validate(token, Client, [], Now).IsValid);
        var ringC = new AddressTokenKeyRing();
        ringC.AddKey(9, EndpointTestKit.Bytes(32, 78));
        Assert.Equal(TokenStatus.Garbage, Codec(ringC, 3).Validate(token, Client, [], Now).Status);
    }

    [Fact]
    public void ArbitraryBytesNeverValidateOrThrow()
    {
        AddressTokenCodec codec = Codec();
        Prop.ForAll<byte[]>(bytes =>
        {
            TokenValidation result = codec.Validate(bytes ?? [], Client, Rscid, Now);
            return !result.IsValid && !result.IsAuthentic;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ValidationAllocatesNothing()
    {
        AddressTokenCodec codec = Codec();
        byte[] token = RetryToken(codec, Client);
        byte[] forged = (byte[])token.Clone();
        forged[^1] ^= 1;
        int valid = 0;
        for (int i = 0; i < 10; i++)
            valid += codec.Validate(token, Client, Rscid, Now).IsValid ? 1 : 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            valid += codec.Validate(token, Client, Rscid, Now).IsValid ? 1 : 0;
            valid += codec.Validate(forged, Client, Rscid, Now).IsValid ? 1 : 0;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(110, valid);
    }
}
