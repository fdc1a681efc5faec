using System.Net;
using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Wire;

public class TransportParametersTests
{
    // The quic_transport_parameters extension inside RFC 9001 Appendix A.2's ClientHello.
    private const string Rfc9001ClientParameters =
        "0408ffffffffffffffff05048000ffff07048000ffff0801100104800075300901100f088394c8f03e51570806048000ffff";

    private static Gen<PreferredAddress> PreferredAddresses { get; } =
        from ipv4 in WireGen.Bytes(4, 4)
        from ipv6 in WireGen.Bytes(16, 16)
        from ports in Gen.ArrayOf(Gen.Choose(0, 65535), 2)
        from cid in WireGen.Bytes(1, 20)
        from token in WireGen.Bytes(16, 16)
        select new PreferredAddress
        {
            IPv4Address = new IPAddress(ipv4),
            IPv4Port = (ushort)ports[0],
            IPv6Address = new IPAddress(ipv6),
            IPv6Port = (ushort)ports[1],
            ConnectionId = cid,
            StatelessResetToken = token,
        };

    private static Gen<VersionInformation> VersionInformations { get; } =
        from chosen in WireGen.UInt64.Select(v => (uint)v | 1)
        from count in Gen.Choose(0, 5)
        from available in Gen.ArrayOf(WireGen.UInt64.Select(v => (uint)v | 0x100), count)
        select new VersionInformation { ChosenVersion = chosen, AvailableVersions = available };

    private static Gen<TransportParameters> ServerParameters { get; } =
        from cids in Gen.ArrayOf(Gen.OneOf(Gen.Constant<byte[]?>(null), WireGen.Bytes(0, 20).Select(b => (byte[]?)b)), 3)
        from token in Gen.OneOf(Gen.Constant<byte[]?>(null), WireGen.Bytes(16, 16).Select(b => (byte[]?)b))
        from integers in Gen.ArrayOf(WireGen.VarIntValue, 7)
        from streams in Gen.ArrayOf(WireGen.VarIntAtMost(1UL << 60), 2)
        from udp in WireGen.VarIntValue.Select(v => Math.Max(v, 1200))
        from exponent in WireGen.VarIntAtMost(20)
        from maxAckDelay in WireGen.VarIntAtMost((1 << 14) - 1)
        from cidLimit in WireGen.VarIntValue.Select(v => Math.Max(v, 2))
        from disableMigration in WireGen.Bool
        from preferred in Gen.OneOf(Gen.Constant<PreferredAddress?>(null), PreferredAddresses.Select(p => (PreferredAddress?)p))
        from versions in Gen.OneOf(Gen.Constant<VersionInformation?>(null), VersionInformations.Select(v => (VersionInformation?)v))
        select new TransportParameters
        {
            OriginalDestinationConnectionId = cids[0],
            InitialSourceConnectionId = cids[1],
            RetrySourceConnectionId = cids[2],
            StatelessResetToken = token,
            MaxIdleTimeoutMillis = integers[0],
            InitialMaxData = integers[1],
            InitialMaxStreamDataBidiLocal = integers[2],
            InitialMaxStreamDataBidiRemote = integers[3],
            InitialMaxStreamDataUni = integers[4],
            MaxDatagramFrameSize = integers[5],
            InitialMaxStreamsBidi = streams[0],
            InitialMaxStreamsUni = streams[1],
            MaxUdpPayloadSize = udp,
            AckDelayExponent = exponent,
            MaxAckDelayMillis = maxAckDelay,
            ActiveConnectionIdLimit = cidLimit,
            DisableActiveMigration = disableMigration,
            PreferredAddress = preferred,
            VersionInformation = versions,
        };

    [Fact]
    public void Rfc9001_client_hello_parameters_decode()
    {
        Assert.True(TransportParameters.TryDecode(WireHex.Bytes(Rfc9001ClientParameters), EndpointRole.Client,
            out TransportParameters? parameters, out QuicError error), error.ToString());
        Assert.Equal(VarInt.MaxValue, parameters.InitialMaxData);
        Assert.Equal(65535UL, parameters.InitialMaxStreamDataBidiLocal);
        Assert.Equal(65535UL, parameters.InitialMaxStreamDataBidiRemote);
        Assert.Equal(65535UL, parameters.InitialMaxStreamDataUni);
        Assert.Equal(16UL, parameters.InitialMaxStreamsBidi);
        Assert.Equal(16UL, parameters.InitialMaxStreamsUni);
        Assert.Equal(30000UL, parameters.MaxIdleTimeoutMillis);
        Assert.Equal("8394c8f03e515708", WireHex.String(parameters.InitialSourceConnectionId));
        // Absent parameters keep their RFC 9000 §18.2 defaults.
        Assert.Equal(65527UL, parameters.MaxUdpPayloadSize);
        Assert.Equal(3UL, parameters.AckDelayExponent);
        Assert.Equal(25UL, parameters.MaxAckDelayMillis);
        Assert.Equal(2UL, parameters.ActiveConnectionIdLimit);
        Assert.False(parameters.DisableActiveMigration);
        Assert.Equal(0UL, parameters.MaxDatagramFrameSize);
        Assert.Null(parameters.VersionInformation);
        Assert.Null(parameters.OriginalDestinationConnectionId);
    }

    [Fact]
    public void Empty_encoding_means_all_defaults_and_defaults_encode_to_nothing()
    {
        Assert.Empty(new TransportParameters().Encode());
        Assert.True(TransportParameters.TryDecode([], EndpointRole.Server, out TransportParameters? parameters, out _));
        AssertEqual(new TransportParameters(), parameters);
    }

    [Fact]
    public void Round_trip_property_with_grease()
    {
        Gen<(TransportParameters Parameters, byte[] Grease)> gen =
            from parameters in ServerParameters
            from grease in WireGen.Bytes(0, 3 * TransportParameters.GreaseEntropyLength)
            select (parameters, grease);
        Prop.ForAll(gen.ToArbitrary(), v =>
        {
            byte[] encoded = v.Parameters.Encode(v.Grease);
            Assert.True(TransportParameters.TryDecode(encoded, EndpointRole.Server, out TransportParameters? decoded, out QuicError error), error.ToString());
            AssertEqual(v.Parameters, decoded);
            Assert.True(v.Parameters.TryEncode(new byte[encoded.Length], out int written, v.Grease));
            Assert.Equal(encoded.Length, written);
            if (encoded.Length > 0)
                Assert.False(v.Parameters.TryEncode(new byte[encoded.Length - 1], out _, v.Grease));
            return true;
        }).QuickCheckThrowOnFailure();
    }

    internal static void AssertEqual(TransportParameters expected, TransportParameters actual)
    {
        Assert.Equal(expected.OriginalDestinationConnectionId, actual.OriginalDestinationConnectionId);
        Assert.Equal(expected.InitialSourceConnectionId, actual.InitialSourceConnectionId);
        Assert.Equal(expected.RetrySourceConnectionId, actual.RetrySourceConnectionId);
        Assert.Equal(expected.StatelessResetToken, actual.StatelessResetToken);
        Assert.Equal(
            (expected.MaxIdleTimeoutMillis, expected.MaxUdpPayloadSize, expected.InitialMaxData, expected.InitialMaxStreamDataBidiLocal,
             expected.InitialMaxStreamDataBidiRemote, expected.InitialMaxStreamDataUni, expected.InitialMaxStreamsBidi),
            (actual.MaxIdleTimeoutMillis, actual.MaxUdpPayloadSize, actual.InitialMaxData, actual.InitialMaxStreamDataBidiLocal,
             actual.InitialMaxStreamDataBidiRemote, actual.InitialMaxStreamDataUni, actual.InitialMaxStreamsBidi));
        Assert.Equal(
            (expected.InitialMaxStreamsUni, expected.AckDelayExponent, expected.MaxAckDelayMillis, expected.ActiveConnectionIdLimit,
             expected.DisableActiveMigration, expected.MaxDatagramFrameSize),
            (actual.InitialMaxStreamsUni, actual.AckDelayExponent, actual.MaxAckDelayMillis, actual.ActiveConnectionIdLimit,
             actual.DisableActiveMigration, actual.MaxDatagramFrameSize));
        Assert.Equal(expected.PreferredAddress is null, actual.PreferredAddress is null);
        if (expected.PreferredAddress is { } p && actual.PreferredAddress is { } q)
        {
            Assert.Equal((p.IPv4Address, p.IPv4Port, p.IPv6Address, p.IPv6Port), (q.IPv4Address, q.IPv4Port, q.IPv6Address, q.IPv6Port));
            Assert.Equal(p.ConnectionId, q.ConnectionId);
            Assert.Equal(p.StatelessResetToken, q.StatelessResetToken);
        }
        Assert.Equal(expected.VersionInformation?.ChosenVersion, actual.VersionInformation?.ChosenVersion);
        Assert.Equal(expected.VersionInformation?.AvailableVersions, actual.VersionInformation?.AvailableVersions);
    }
}
