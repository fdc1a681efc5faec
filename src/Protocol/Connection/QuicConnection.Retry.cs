using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// Client Retry processing (RFC 9000 §8.1.2, §17.2.5; RFC 9001 §5.8; RFC 9002 §6.3).
internal sealed partial class QuicConnection
{
    /// <summary>The number of Retry packets accepted (0 or 1).</summary>
    public bool RetryReceived => _retrySourceId is not null && !IsServer;

    private void OnRetry(long now, ReadOnlySpan<byte> packet, in PacketHeader header)
    {
        // Only one Retry, only before any other server packet, only echoing our ID, and with a valid tag.
        if (IsServer || _retrySourceId is not null || _receivedFromPeer || header.Version != _version
            || !_localIds.Initial.Matches(header.DestinationConnectionId)
            || _originalDestinationId.Matches(header.SourceConnectionId)
            || !RetryIntegrity.Verify(header.Version, _originalDestinationId.Span, packet))
        {
            _stats.PacketsDropped++;
            return;
        }
        var retrySource = new ConnectionId(header.SourceConnectionId);
        _retrySourceId = retrySource;
        _initialToken = header.Token.ToArray();
        _peerIds.ReplaceInitial(retrySource);
        _initialKeyId = retrySource;
        InstallInitialKeys(_version, retrySource);
        RestartRecoveryAfterRetry(now);
    }

    /// <summary>
    /// RFC 9002 §6.3: loss recovery and congestion control start over, handshake messages and
    /// packet numbers stay (RFC 9000 §17.2.5.3). Recovery reports the Initial flight and any
    /// 0-RTT packets lost, so their frames go again under the new Initial keys.
    /// </summary>
    private void RestartRecoveryAfterRetry(long now)
    {
        _recovery.OnRetryReceived(now);
        InitialSpace.CryptoSend.RequeueUnacked();
    }
}
