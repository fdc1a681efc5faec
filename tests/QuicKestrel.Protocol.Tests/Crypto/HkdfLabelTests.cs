using System.Security.Cryptography;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tests.Crypto;

public class HkdfLabelTests
{
    // RFC 9001 Appendix A.1: the client's Initial secret and key for DCID 0x8394c8f03e515708.
    [Fact]
    public void Rfc9001_client_initial_key_schedule()
    {
        byte[] salt = Convert.FromHexString("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
        byte[] dcid = Convert.FromHexString("8394c8f03e515708");
        var initial = new byte[32];
        HkdfLabel.Extract(HashAlgorithmName.SHA256, dcid, salt, initial);
        Assert.Equal("7db5df06e7a69e432496adedb00851923595221596ae2ae9fb8115c1e9ed0a44", Convert.ToHexStringLower(initial));

        var client = new byte[32];
        HkdfLabel.Expand(HashAlgorithmName.SHA256, initial, "client in"u8, default, client);
        Assert.Equal("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea", Convert.ToHexStringLower(client));

        var key = new byte[16];
        HkdfLabel.Expand(HashAlgorithmName.SHA256, client, "quic key"u8, default, key);
        Assert.Equal("1f369613dd76d5467730efcbe3b1a22d", Convert.ToHexStringLower(key));
    }
}
