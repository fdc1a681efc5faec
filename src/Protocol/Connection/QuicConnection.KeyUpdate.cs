using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// Key update (RFC 9001 §6): on request, and on our own before a key reaches its AEAD
// confidentiality limit (§6.6) or MsQuic's MaxBytesPerKey. The mechanics are ApplicationKeys'.
internal sealed partial class QuicConnection
{
    /// <summary>Fraction of the confidentiality limit at which we update on our own.</summary>
    private const int AutomaticUpdatePercent = 90;

    /// <summary>
    /// Starts a key update (MsQuic QUIC_PARAM_CONN_FORCE_KEY_UPDATE). False when not allowed yet:
    /// before the handshake is confirmed, or before the previous update was acknowledged.
    /// </summary>
    public bool InitiateKeyUpdate(long now)
    {
        _lastEventTime = now;
        if (!_handshakeConfirmed || _state != ConnectionState.Established || !_appKeys.TryInitiateUpdate())
            return false;
        _stats.KeyUpdates = _appKeys.KeyUpdateCount;
        return true;
    }

    /// <summary>Before sending: update keys that approach their limits; close if a key is exhausted and cannot be replaced.</summary>
    private void MaybeUpdateKeys(long now)
    {
        Crypto.PacketProtection? write = _appKeys.Write;
        if (write is null || !_handshakeConfirmed)
            return;
        long limit = write.ConfidentialityLimit;
        bool nearLimit = _appKeys.PacketsSealedWithKey >= limit / 100 * AutomaticUpdatePercent
            || _appKeys.BytesSealedWithKey >= _settings.MaxBytesPerKey;
        if (!nearLimit)
            return;
        if (InitiateKeyUpdate(now))
            return;
        if (_appKeys.PacketsSealedWithKey >= limit)
            CloseWithError(new QuicError(TransportErrorCode.AeadLimitReached, 0, "AEAD confidentiality limit reached"), now);
    }
}
