namespace QuicKestrel.Protocol.Connection;

// Server: NEW_TOKEN frames (RFC 9000 §8.1.3, §19.7). The endpoint mints the tokens (it holds the
// key) and queues them once the handshake is confirmed; a lost NEW_TOKEN is sent again.
internal sealed partial class QuicConnection
{
    private readonly List<(byte[] Token, bool Pending)> _newTokens = [];

    private bool HasNewTokenPending
    {
        get
        {
            foreach ((byte[] _, bool pending) in _newTokens)
            {
                if (pending)
                    return true;
            }
            return false;
        }
    }

    /// <summary>Server: sends <paramref name="token"/> in a NEW_TOKEN frame for the client's later connections.</summary>
    public void QueueNewToken(byte[] token)
    {
        if (!IsServer || token.Length == 0)
            throw new InvalidOperationException("Only a server sends non-empty NEW_TOKEN tokens.");
        _newTokens.Add((token, true));
    }

    private void WriteNewTokens(ref PacketWriter writer)
    {
        for (int i = 0; i < _newTokens.Count; i++)
        {
            (byte[] token, bool pending) = _newTokens[i];
            if (pending && SimpleFrameWriter.TryWriteNewToken(ref writer, token, i))
                _newTokens[i] = (token, false);
        }
    }

    private void OnNewTokenLost(int index)
    {
        if (index >= 0 && index < _newTokens.Count)
            _newTokens[index] = (_newTokens[index].Token, true);
    }
}
