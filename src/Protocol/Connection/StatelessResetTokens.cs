using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// Gives the stateless reset token for a connection ID we issue (RFC 9000 §10.3). The endpoint
/// derives tokens from a static key (HMAC of the ID) so it can send a reset for a connection it
/// no longer knows; the connection only hands the tokens to the peer.
/// </summary>
internal interface IStatelessResetTokenGenerator
{
    StatelessResetToken GetToken(ReadOnlySpan<byte> connectionId);
}

/// <summary>Random tokens: enough for the peer to detect our resets, not for answering after we forget the connection.</summary>
internal sealed class RandomResetTokenGenerator(RandomSource random) : IStatelessResetTokenGenerator
{
    public StatelessResetToken GetToken(ReadOnlySpan<byte> connectionId)
    {
        Span<byte> token = stackalloc byte[StatelessResetToken.Length];
        random.Fill(token);
        return new StatelessResetToken(token);
    }
}
