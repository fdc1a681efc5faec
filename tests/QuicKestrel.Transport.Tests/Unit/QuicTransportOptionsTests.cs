using QuicKestrel.Protocol.Api;
using QuicKestrel.Transport.Internal;

namespace QuicKestrel.Transport.Tests.Unit;

public class QuicTransportOptionsTests
{
    [Fact]
    public void Defaults_match_Kestrels_quic_transport()
    {
        var options = new QuicTransportOptions();
        Assert.Equal(100, options.MaxBidirectionalStreamCount);
        Assert.Equal(10, options.MaxUnidirectionalStreamCount);
        Assert.Equal(1024 * 1024, options.MaxReadBufferSize);
        Assert.Equal(64 * 1024, options.MaxWriteBufferSize);
        Assert.Equal(512, options.Backlog);
        Assert.Equal(0x10C, options.DefaultStreamErrorCode);
        Assert.Equal(0x100, options.DefaultCloseErrorCode);
        Assert.Equal(Timeout.InfiniteTimeSpan, options.IdleTimeout);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(1L << 62)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Error_codes_outside_the_varint_range_are_rejected(long code)
    {
        var options = new QuicTransportOptions();
        Assert.Throws<ArgumentOutOfRangeException>(() => options.DefaultStreamErrorCode = code);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.DefaultCloseErrorCode = code);
        Assert.Equal(0x10C, options.DefaultStreamErrorCode);
    }

    [Fact]
    public void Largest_varint_error_code_is_accepted()
    {
        var options = new QuicTransportOptions { DefaultStreamErrorCode = (1L << 62) - 1, DefaultCloseErrorCode = 0 };
        Assert.Equal((1L << 62) - 1, options.DefaultStreamErrorCode);
        Assert.Equal(0, options.DefaultCloseErrorCode);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Stream_counts_must_fit_max_streams(int count)
    {
        var options = new QuicTransportOptions();
        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxBidirectionalStreamCount = count);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxUnidirectionalStreamCount = count);
    }

    [Fact]
    public void Backlog_and_buffer_sizes_are_checked()
    {
        var options = new QuicTransportOptions();
        Assert.Throws<ArgumentOutOfRangeException>(() => options.Backlog = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxReadBufferSize = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxWriteBufferSize = -1);
        options.MaxReadBufferSize = null;
        options.MaxWriteBufferSize = 0;
        Assert.Null(options.MaxReadBufferSize);
        Assert.Equal(0, options.MaxWriteBufferSize);
    }

    [Fact]
    public void Settings_carry_stream_credit_and_turn_the_idle_timeout_off()
    {
        QuicSettings settings = TransportSettings.Create(new QuicTransportOptions());
        Assert.Equal(100, settings.PeerBidiStreamCount);
        Assert.Equal(10, settings.PeerUnidiStreamCount);
        Assert.True(settings.IsSet(QuicSettingsFields.IdleTimeoutMs));
        Assert.Equal(0UL, settings.IdleTimeoutMs);
        Assert.Equal(10_000UL, settings.HandshakeIdleTimeoutMs);
        Assert.Equal(1024u * 1024, settings.StreamRecvWindowDefault);
        Assert.Equal(16u * 1024 * 1024, settings.ConnFlowControlWindow);
        Assert.Equal(QuicCongestionControlAlgorithm.Cubic, settings.CongestionControlAlgorithm);
        Assert.True(settings.SendBufferingEnabled);
    }

    [Fact]
    public void Settings_follow_the_options_and_the_configurator_has_the_last_word()
    {
        var options = new QuicTransportOptions
        {
            MaxBidirectionalStreamCount = 7,
            IdleTimeout = TimeSpan.FromSeconds(5),
            CongestionControlAlgorithm = QuicCongestionControlAlgorithm.Bbr,
            PacingEnabled = false,
            ConfigureSettings = (ref QuicSettings s) => { s.MaxAckDelayMs = 5; s.PeerBidiStreamCount = 9; },
        };
        QuicSettings settings = TransportSettings.Create(options);
        Assert.Equal(9, settings.PeerBidiStreamCount);
        Assert.Equal(5_000UL, settings.IdleTimeoutMs);
        Assert.Equal(5u, settings.MaxAckDelayMs);
        Assert.Equal(QuicCongestionControlAlgorithm.Bbr, settings.CongestionControlAlgorithm);
        Assert.False(settings.PacingEnabled);
        Assert.True(settings.IsSet(QuicSettingsFields.PacingEnabled));
    }
}
