using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api;

public class QuicStatusTests
{
    [Fact]
    public void Succeeded_and_Failed_split_at_zero_like_QUIC_SUCCEEDED()
    {
        foreach (QuicStatus status in Enum.GetValues<QuicStatus>())
        {
            Assert.Equal((int)status <= 0, status.Succeeded());
            Assert.Equal(!status.Succeeded(), status.Failed());
        }
        Assert.True(QuicStatus.Pending.Succeeded());
        Assert.True(QuicStatus.Continue.Succeeded());
        Assert.True(QuicStatus.InvalidState.Failed()); // 1, the smallest failure
        Assert.True(((QuicStatus)int.MinValue).Succeeded());
    }

    [Theory]
    [InlineData(QuicTlsAlertCode.BadCertificate, QuicStatus.BadCertificate)]
    [InlineData(QuicTlsAlertCode.UnsupportedCertificate, QuicStatus.UnsupportedCertificate)]
    [InlineData(QuicTlsAlertCode.CertificateRevoked, QuicStatus.RevokedCertificate)]
    [InlineData(QuicTlsAlertCode.CertificateExpired, QuicStatus.ExpiredCertificate)]
    [InlineData(QuicTlsAlertCode.CertificateUnknown, QuicStatus.UnknownCertificate)]
    [InlineData(QuicTlsAlertCode.CertificateRequired, QuicStatus.RequiredCertificate)]
    [InlineData((QuicTlsAlertCode)0, QuicStatus.CloseNotify)]
    public void TlsAlert_builds_the_named_alert_statuses(QuicTlsAlertCode alert, QuicStatus expected)
    {
        Assert.Equal(expected, QuicStatus.TlsAlert(alert));
    }

    [Fact]
    public void Every_alert_round_trips_and_nothing_else_is_an_alert()
    {
        for (int alert = 0; alert <= 255; alert++)
        {
            QuicStatus status = QuicStatus.TlsAlert((QuicTlsAlertCode)alert);
            Assert.Equal(0xBEBC300 + alert, (int)status);
            Assert.True(status.Failed());
            Assert.True(status.TryGetTlsAlert(out QuicTlsAlertCode decoded));
            Assert.Equal(alert, (int)decoded);
            Assert.False(status.IsCertificateError());
        }
        Assert.False(QuicStatus.TlsError.TryGetTlsAlert(out QuicTlsAlertCode none));
        Assert.Equal(QuicTlsAlertCode.Success, none);
        Assert.False(((QuicStatus)0xBEBC2FF).TryGetTlsAlert(out _));
        Assert.False(QuicStatus.CertExpired.TryGetTlsAlert(out _));
    }

    [Fact]
    public void Alerts_are_masked_to_eight_bits_as_in_msquic()
    {
        Assert.Equal(QuicStatus.BadCertificate, QuicStatus.TlsAlert((QuicTlsAlertCode)(0x100 + 42)));
        Assert.Equal((QuicStatus)(0xBEBC300 + 0xFF), QuicStatus.TlsAlert(QuicTlsAlertCode.Success));
    }

    [Fact]
    public void Certificate_errors_are_recognised()
    {
        Assert.True(QuicStatus.CertExpired.IsCertificateError());
        Assert.True(QuicStatus.CertUntrustedRoot.IsCertificateError());
        Assert.True(QuicStatus.CertNoCert.IsCertificateError());
        Assert.False(((QuicStatus)0xBEBC400).IsCertificateError());
        Assert.False(QuicStatus.HandshakeFailure.IsCertificateError());
    }

    [Fact]
    public void Datagram_states_from_lost_discarded_on_are_final()
    {
        var final = Enum.GetValues<QuicDatagramSendState>().Where(state => state.IsFinal()).ToArray();
        Assert.Equal(
            [QuicDatagramSendState.LostDiscarded, QuicDatagramSendState.Acknowledged, QuicDatagramSendState.AcknowledgedSpurious, QuicDatagramSendState.Canceled],
            final);
    }
}
