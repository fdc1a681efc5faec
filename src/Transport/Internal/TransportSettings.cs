using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

/// <summary>Turns <see cref="QuicTransportOptions"/> into the stack's settings for server connections.</summary>
internal static class TransportSettings
{
    public static QuicSettings Create(QuicTransportOptions options)
    {
        var settings = new QuicSettings
        {
            PeerBidiStreamCount = (ushort)options.MaxBidirectionalStreamCount,
            PeerUnidiStreamCount = (ushort)options.MaxUnidirectionalStreamCount,
            IdleTimeoutMs = ToMilliseconds(options.IdleTimeout),
            HandshakeIdleTimeoutMs = Math.Max(1, ToMilliseconds(options.HandshakeTimeout)),
            KeepAliveIntervalMs = (uint)Math.Min(uint.MaxValue, ToMilliseconds(options.KeepAliveInterval)),
            StreamRecvWindowDefault = options.StreamReceiveWindow,
            ConnFlowControlWindow = options.ConnectionReceiveWindow,
            CongestionControlAlgorithm = options.CongestionControlAlgorithm,
            PacingEnabled = options.PacingEnabled,
            EcnEnabled = options.EcnEnabled,
            SendBufferingEnabled = true,
        };
        options.ConfigureSettings?.Invoke(ref settings);
        return settings;
    }

    // 0 means "off" to the stack; an infinite or negative span turns the timer off too.
    private static ulong ToMilliseconds(TimeSpan span) =>
        span <= TimeSpan.Zero || span == Timeout.InfiniteTimeSpan ? 0 : (ulong)Math.Ceiling(span.TotalMilliseconds);
}
