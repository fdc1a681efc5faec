using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api;

public class QuicSecretsAndKeysTests
{
    [Fact]
    public void A_ticket_key_keeps_its_id_and_material()
    {
        byte[] id = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        byte[] material = Enumerable.Range(0, 48).Select(i => (byte)(i * 3)).ToArray();
        var key = new QuicTicketKeyConfig(id, material);
        Assert.True(key.Id.SequenceEqual(id));
        Assert.True(key.Material.SequenceEqual(material));
        Assert.Equal(48, key.MaterialLength);
        Assert.Equal(0, default(QuicTicketKeyConfig).Material.Length);
    }

    [Fact]
    public void A_ticket_key_with_wrong_lengths_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => new QuicTicketKeyConfig(new byte[15], new byte[32]));
        Assert.Throws<ArgumentException>(() => new QuicTicketKeyConfig(new byte[16], new byte[65]));
        Assert.Equal(64, new QuicTicketKeyConfig(new byte[16], new byte[64]).MaterialLength);
    }

    [Fact]
    public void Tls_secrets_report_what_was_recorded_at_the_suites_length()
    {
        var secrets = new QuicTlsSecrets();
        Assert.Equal(QuicTlsSecretsFields.None, secrets.IsSetFlags);
        byte[] random = Enumerable.Repeat((byte)7, 32).ToArray();
        byte[] handshake = Enumerable.Repeat((byte)9, 32).ToArray();
        secrets.Set(QuicTlsSecretsFields.ClientRandom, random);
        secrets.Set(QuicTlsSecretsFields.ClientHandshakeTrafficSecret, handshake);

        Assert.True(secrets.IsSet(QuicTlsSecretsFields.ClientRandom | QuicTlsSecretsFields.ClientHandshakeTrafficSecret));
        Assert.False(secrets.IsSet(QuicTlsSecretsFields.ServerTrafficSecret0));
        Assert.Equal(32, secrets.SecretLength);
        Assert.True(secrets.ClientRandom.SequenceEqual(random));
        Assert.True(secrets.ClientHandshakeTrafficSecret.SequenceEqual(handshake));
        Assert.Equal(32, secrets.ServerTrafficSecret0.Length);
        Assert.True(secrets.ServerTrafficSecret0.IndexOfAnyExcept((byte)0) < 0);
    }
}
