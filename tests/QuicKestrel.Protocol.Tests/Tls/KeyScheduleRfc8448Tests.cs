using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

/// <summary>
/// RFC 8448 §3 "Simple 1-RTT Handshake": the key schedule run on the trace's inputs (x25519
/// keys and the handshake messages) reproduces the trace's secrets byte for byte; §4's binder
/// is checked from the resumption secret.
/// </summary>
public class KeyScheduleRfc8448Tests
{
    private static readonly byte[] ClientPrivate = Convert.FromHexString("49af42ba7f7994852d713ef2784bcbcaa7911de26adc5642cb634540e7ea5005");
    private static readonly byte[] ServerPublic = Convert.FromHexString("c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f");

    private static readonly byte[] ClientHello = Convert.FromHexString(
        "010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7000006130113031302010000910000000b00090000" +
        "06736572766572ff01000100000a00140012001d0017001800190100010101020103010400230000003300260024001d002099381de560e4bd43" +
        "d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b0003020304000d0020001e0403050306030203080408050806040105010601" +
        "02010402050206020202002d00020101001c00024001");
    private static readonly byte[] ServerHello = Convert.FromHexString(
        "020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024001d0020c9828876112095fe" +
        "66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304");
    private static readonly byte[] EncryptedExtensions = Convert.FromHexString(
        "080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000");
    private static readonly byte[] Certificate = Convert.FromHexString(
        "0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b0500300e310c300a06035504031303727361301e" +
        "170d3136303733303031323335395a170d3236303733303031323335395a300e310c300a0603550403130372736130819f300d06092a864886f70d01" +
        "0101050003818d0030818902818100b4bb498f8279303d980836399b36c6988c0c68de55e1bdb826d3901a2461eafd2de49a91d015abbc9a95137ace" +
        "6c1af19eaa6af98c7ced43120998e187a80ee0ccb0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c8ca9d9efbfae8ea6d1d0" +
        "3e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304023000300b0603551d0f0404030205a0300d0609" +
        "2a864886f70d01010b05000381810085aad2a0e5b9276b908c65f73a7267170618a54c5f8a7b337d2df7a594365417f2eae8f8a58c8f8172f9319cf3" +
        "6b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102702e608ccae6bec1fc63a42a99be5c3eb7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759" +
        "409ba3eac9d91d402dcc0cc8f8961229ac9187b42b4de10000");
    private static readonly byte[] CertificateVerify = Convert.FromHexString(
        "0f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52f1fda8477b0b7abc90db78e2d33a5c141a078653fa6bef780c" +
        "5ea248eeaaa785c4f394cab6d30bbe8d4859ee511f602957b15411ac027671459e46445c9ea58c181e818e95b8c3fb0bf3278409d3be152a3da5043e" +
        "063dda65cdf5aea20d53dfacd42f74f3");
    private static readonly byte[] ServerFinished = Convert.FromHexString("140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718");
    private static readonly byte[] ClientFinished = Convert.FromHexString("14000020a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61");

    [Fact]
    public void SimpleOneRttHandshakeSecrets()
    {
        var keys = new KeySchedule(CipherSuite.Aes128GcmSha256);
        keys.SetEarlySecret(default);
        AssertHex("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a", keys.EarlySecret);

        Span<byte> shared = stackalloc byte[32];
        Assert.True(BouncyCastleCrypto.X25519Agree(ClientPrivate, ServerPublic, shared));
        AssertHex("8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d", shared);
        keys.SetHandshakeSecret(shared);
        AssertHex("1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac", keys.HandshakeSecret);

        var transcript = new Transcript();
        transcript.Add(ClientHello);
        transcript.Add(ServerHello);
        AssertHex("b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21", Derive(keys, keys.HandshakeSecret, "c hs traffic", transcript));
        byte[] serverHs = Derive(keys, keys.HandshakeSecret, "s hs traffic", transcript);
        AssertHex("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38", serverHs);
        byte[] clientHs = Derive(keys, keys.HandshakeSecret, "c hs traffic", transcript);

        keys.SetMasterSecret();
        AssertHex("18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919", keys.MasterSecret);

        transcript.Add(EncryptedExtensions);
        transcript.Add(Certificate);
        transcript.Add(CertificateVerify);
        AssertHex("9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718", Finished(keys, serverHs, transcript));
        transcript.Add(ServerFinished);
        AssertHex("9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5", Derive(keys, keys.MasterSecret, "c ap traffic", transcript));
        AssertHex("a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643", Derive(keys, keys.MasterSecret, "s ap traffic", transcript));
        AssertHex("fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50", Derive(keys, keys.MasterSecret, "exp master", transcript));

        AssertHex("a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61", Finished(keys, clientHs, transcript));
        transcript.Add(ClientFinished);
        byte[] resumptionMaster = Derive(keys, keys.MasterSecret, "res master", transcript);
        AssertHex("7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c", resumptionMaster);

        var psk = new byte[32];
        KeySchedule.TicketPsk(CipherSuite.Aes128GcmSha256, resumptionMaster, [0, 0], psk);
        AssertHex("4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3", psk);
    }

    [Fact]
    public void ResumedHandshakeEarlySecretAndBinderKey()
    {
        // RFC 8448 §4: early secret from the ticket PSK, and the binder key derived from it.
        var keys = new KeySchedule(CipherSuite.Aes128GcmSha256);
        keys.SetEarlySecret(Convert.FromHexString("4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3"));
        AssertHex("9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c", keys.EarlySecret);
        var binderKey = new byte[32];
        keys.BinderKey(binderKey);
        AssertHex("69fe131a3bbad5d63c64eebcc30e395b9d8107726a13d074e389dbc8a4e47256", binderKey);
        var binder = new byte[32];
        keys.ComputeFinished(binderKey, Convert.FromHexString("63224b2e4573f2d3454ca84b9d009a04f6be9e05711a8396473aefa01e924a14"), binder);
        AssertHex("3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d", binder);
    }

    private static byte[] Derive(KeySchedule keys, ReadOnlySpan<byte> secret, string label, Transcript transcript)
    {
        Span<byte> hash = stackalloc byte[32];
        transcript.GetHash(keys.Hash, hash);
        var output = new byte[32];
        keys.Derive(secret, System.Text.Encoding.ASCII.GetBytes(label), hash, output);
        return output;
    }

    private static byte[] Finished(KeySchedule keys, byte[] baseKey, Transcript transcript)
    {
        Span<byte> hash = stackalloc byte[32];
        transcript.GetHash(keys.Hash, hash);
        var mac = new byte[32];
        keys.ComputeFinished(baseKey, hash, mac);
        return mac;
    }

    private static void AssertHex(string expected, ReadOnlySpan<byte> actual) =>
        Assert.Equal(expected, Convert.ToHexStringLower(actual));
}
