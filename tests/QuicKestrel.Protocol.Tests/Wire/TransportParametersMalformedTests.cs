using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Wire;

/// <summary>Every malformed or out-of-range transport parameter is a TRANSPORT_PARAMETER_ERROR, never an exception.</summary>
public class TransportParametersMalformedTests
{
    private static QuicError DecodeError(string hex, EndpointRole sender = EndpointRole.Server)
    {
        Assert.False(TransportParameters.TryDecode(WireHex.Bytes(hex), sender, out TransportParameters? parameters, out QuicError error));
        Assert.Null(parameters);
        Assert.Equal(TransportErrorCode.TransportParameterError, error.Code);
        return error;
    }

    private static TransportParameters Decode(string hex, EndpointRole sender = EndpointRole.Server)
    {
        Assert.True(TransportParameters.TryDecode(WireHex.Bytes(hex), sender, out TransportParameters? parameters, out QuicError error), error.ToString());
        return parameters;
    }

    // RFC 9000 §18.2 value rules, each beside the boundary value that is still valid.
    [Theory]
    [InlineData("03 02 44af", "max_udp_payload_size 1199")]
    [InlineData("03 01 00", "max_udp_payload_size 0")]
    [InlineData("0a 01 15", "ack_delay_exponent 21")]
    [InlineData("0b 04 80004000", "max_ack_delay 2^14")]
    [InlineData("0e 01 01", "active_connection_id_limit 1")]
    [InlineData("0e 01 00", "active_connection_id_limit 0")]
    [InlineData("08 08 d000000000000001", "initial_max_streams_bidi 2^60+1")]
    [InlineData("09 08 d000000000000001", "initial_max_streams_uni 2^60+1")]
    [InlineData("02 0f 00112233445566778899aabbccddee", "stateless_reset_token of 15 bytes")]
    [InlineData("02 11 00112233445566778899aabbccddeeff00", "stateless_reset_token of 17 bytes")]
    [InlineData("0c 01 00", "disable_active_migration with a value")]
    [InlineData("0f 15 000102030405060708090a0b0c0d0e0f1011121314", "initial_source_connection_id of 21 bytes")]
    [InlineData("00 15 000102030405060708090a0b0c0d0e0f1011121314", "original_destination_connection_id of 21 bytes")]
    [InlineData("10 15 000102030405060708090a0b0c0d0e0f1011121314", "retry_source_connection_id of 21 bytes")]
    [InlineData("01 02 05", "integer value longer than its length says")]
    [InlineData("01 02 0500", "integer value shorter than its length")]
    [InlineData("01 00", "integer with an empty value")]
    [InlineData("04 01 40", "truncated varint inside the value")]
    public void Value_rules_are_transport_parameter_errors(string hex, string because)
    {
        QuicError error = DecodeError(hex);
        Assert.False(string.IsNullOrEmpty(error.Reason), because);
    }

    [Theory]
    [InlineData("03 02 44b0")] // 1200
    [InlineData("0a 01 14")] // 20
    [InlineData("0b 02 7fff")] // 2^14 - 1
    [InlineData("0e 01 02")]
    [InlineData("08 08 d000000000000000")] // 2^60
    [InlineData("0c 00")]
    [InlineData("0f 00")] // a zero-length connection ID is allowed here
    [InlineData("01 08 c000000000000005")] // non-minimal varint filling the length
    public void Boundary_values_are_accepted(string hex)
    {
        Decode(hex);
    }

    [Fact]
    public void Max_ack_delay_just_below_2_pow_14_is_accepted()
    {
        Assert.Equal(16383UL, Decode("0b 02 7fff").MaxAckDelayMillis);
    }

    [Theory]
    [InlineData("00 04 01020304")]
    [InlineData("02 10 00112233445566778899aabbccddeeff")]
    [InlineData("10 04 01020304")]
    [InlineData("0d 2a 01020304 0050 00000000000000000000000000000001 01bb 01 aa 00112233445566778899aabbccddeeff")]
    public void Server_only_parameters_from_a_client_are_errors(string hex)
    {
        DecodeError(hex, EndpointRole.Client);
        Decode(hex, EndpointRole.Server);
    }

    [Fact]
    public void Preferred_address_parses()
    {
        TransportParameters parameters = Decode("0d 2a 01020304 0050 00000000000000000000000000000001 01bb 01 aa 00112233445566778899aabbccddeeff");
        PreferredAddress address = parameters.PreferredAddress!;
        Assert.Equal(IPAddress("1.2.3.4"), address.IPv4Address);
        Assert.Equal(80, address.IPv4Port);
        Assert.Equal(IPAddress("::1"), address.IPv6Address);
        Assert.Equal(443, address.IPv6Port);
        Assert.Equal(new byte[] { 0xaa }, address.ConnectionId);
        Assert.Equal(16, address.StatelessResetToken.Length);
    }

    private static System.Net.IPAddress IPAddress(string text) => System.Net.IPAddress.Parse(text);

    [Theory]
    [InlineData("0d 29 01020304 0050 00000000000000000000000000000001 01bb 00 00112233445566778899aabbccddeeff", "zero-length connection ID")]
    [InlineData("0d 3e 01020304 0050 00000000000000000000000000000001 01bb 15 000102030405060708090a0b0c0d0e0f1011121314 00112233445566778899aabbccddeeff", "21-byte connection ID")]
    [InlineData("0d 29 01020304 0050 00000000000000000000000000000001 01bb 01 aa 00112233445566778899aabbccddee", "short token")]
    [InlineData("0d 2b 01020304 0050 00000000000000000000000000000001 01bb 01 aa 00112233445566778899aabbccddeeff 00", "trailing byte")]
    [InlineData("0d 05 0102030400", "truncated")]
    public void Malformed_preferred_address_is_an_error(string hex, string because)
    {
        Assert.False(string.IsNullOrEmpty(DecodeError(hex).Reason), because);
    }

    // RFC 9368 §4: parsing failures of version_information.
    [Theory]
    [InlineData("11 00", (int)EndpointRole.Server, "empty")]
    [InlineData("11 03 000001", (int)EndpointRole.Server, "not a multiple of 4")]
    [InlineData("11 06 00000001 0000", (int)EndpointRole.Server, "partial version")]
    [InlineData("11 04 00000000", (int)EndpointRole.Server, "chosen version 0")]
    [InlineData("11 08 00000001 00000000", (int)EndpointRole.Server, "available version 0")]
    [InlineData("11 08 00000001 6b3343cf", (int)EndpointRole.Client, "client's chosen version not available")]
    [InlineData("11 04 00000001", (int)EndpointRole.Client, "client with no available versions")]
    public void Version_information_parse_failures(string hex, int senderValue, string because)
    {
        Assert.False(string.IsNullOrEmpty(DecodeError(hex, (EndpointRole)senderValue).Reason), because);
    }

    [Fact]
    public void Version_information_from_a_server_may_leave_out_the_chosen_version()
    {
        VersionInformation information = Decode("11 08 00000001 6b3343cf").VersionInformation!;
        Assert.Equal(QuicVersion.V1, information.ChosenVersion);
        Assert.Equal([QuicVersion.V2], information.AvailableVersions);
        Assert.Empty(Decode("11 04 00000001").VersionInformation!.AvailableVersions);
        Assert.Equal([QuicVersion.V2, QuicVersion.V1], Decode("11 0c 6b3343cf 6b3343cf 00000001", EndpointRole.Client).VersionInformation!.AvailableVersions);
    }

    [Theory]
    [InlineData("04 01 05 04 01 06", "known parameter twice")]
    [InlineData("1b 00 1b 01 00", "reserved parameter twice")]
    [InlineData("4abc 00 0102 4abc 00", "unknown parameter twice")]
    public void Duplicates_are_errors(string hex, string because)
    {
        Assert.False(string.IsNullOrEmpty(DecodeError(hex).Reason), because);
    }

    [Fact]
    public void Unknown_and_reserved_parameters_are_ignored()
    {
        TransportParameters parameters = Decode("1b 03 010203 4abc 00 04 01 05 c000000000001234 02 ffff");
        Assert.Equal(5UL, parameters.InitialMaxData);
        Assert.True(TransportParameters.IsReserved(27));
        Assert.True(TransportParameters.IsReserved(31 * 1000 + 27));
        Assert.False(TransportParameters.IsReserved(28));
        Assert.False(TransportParameters.IsReserved(0x20));
    }

    [Fact]
    public void Grease_parameters_are_reserved_unique_and_ignored_by_the_decoder()
    {
        var entropy = new byte[5 * TransportParameters.GreaseEntropyLength];
        new Random(3).NextBytes(entropy);
        // Make the last chunk repeat the first identifier: it must be skipped, not sent twice.
        entropy.AsSpan(0, 8).CopyTo(entropy.AsSpan(4 * TransportParameters.GreaseEntropyLength));
        var parameters = new TransportParameters { InitialMaxData = 1000 };
        byte[] encoded = parameters.Encode(entropy);

        var reader = new SpanReader(encoded);
        var ids = new List<ulong>();
        while (!reader.IsEnd)
        {
            Assert.True(reader.TryReadVarInt(out ulong id));
            Assert.True(reader.TryReadLengthPrefixedBytes(out ReadOnlySpan<byte> value));
            Assert.InRange(value.Length, 0, 15);
            ids.Add(id);
        }
        Assert.Equal(5, ids.Count); // initial_max_data and four distinct grease parameters
        Assert.Equal(4, ids.Count(TransportParameters.IsReserved));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(TransportParameters.TryDecode(encoded, EndpointRole.Client, out TransportParameters? decoded, out _));
        Assert.Equal(1000UL, decoded.InitialMaxData);
    }

    [Fact]
    public void Truncation_at_every_offset_is_an_error_unless_cut_between_parameters()
    {
        var parameters = new TransportParameters
        {
            OriginalDestinationConnectionId = [1, 2, 3, 4, 5, 6, 7, 8],
            InitialSourceConnectionId = [9, 9],
            StatelessResetToken = new byte[16],
            MaxIdleTimeoutMillis = 30_000,
            InitialMaxData = 1 << 24,
            InitialMaxStreamsBidi = 100,
            MaxUdpPayloadSize = 1472,
            DisableActiveMigration = true,
            PreferredAddress = new PreferredAddress { ConnectionId = [7], StatelessResetToken = new byte[16] },
            VersionInformation = new VersionInformation { ChosenVersion = QuicVersion.V1, AvailableVersions = [QuicVersion.V1, QuicVersion.V2] },
            MaxDatagramFrameSize = 65535,
        };
        byte[] encoded = parameters.Encode();
        HashSet<int> boundaries = ParameterBoundaries(encoded);
        for (int length = 0; length < encoded.Length; length++)
        {
            bool ok = TransportParameters.TryDecode(encoded.AsSpan(0, length), EndpointRole.Server, out _, out QuicError error);
            Assert.Equal(boundaries.Contains(length), ok);
            if (!ok)
                Assert.Equal(TransportErrorCode.TransportParameterError, error.Code);
        }
    }

    private static HashSet<int> ParameterBoundaries(byte[] encoded)
    {
        var boundaries = new HashSet<int> { 0 };
        var reader = new SpanReader(encoded);
        while (reader.TryReadVarInt(out _) && reader.TryReadLengthPrefixedBytes(out _))
            boundaries.Add(reader.Position);
        return boundaries;
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(18);
        var buffer = new byte[128];
        for (int i = 0; i < 20_000; i++)
        {
            int length = random.Next(0, buffer.Length + 1);
            random.NextBytes(buffer.AsSpan(0, length));
            if (i % 2 == 0)
            {
                // Mostly small ids and lengths so values reach the per-parameter rules.
                for (int j = 0; j < length; j++)
                    buffer[j] &= 0x1f;
            }
            foreach (EndpointRole sender in (EndpointRole[])[EndpointRole.Client, EndpointRole.Server])
            {
                if (!TransportParameters.TryDecode(buffer.AsSpan(0, length), sender, out TransportParameters? parameters, out QuicError error))
                    Assert.Equal(TransportErrorCode.TransportParameterError, error.Code);
                else
                    Assert.False(parameters.Validate(sender).IsError);
            }
        }
    }

    [Fact]
    public void Validate_checks_our_own_parameters_before_sending()
    {
        Assert.False(new TransportParameters().Validate(EndpointRole.Client).IsError);
        Assert.True(new TransportParameters { StatelessResetToken = new byte[16] }.Validate(EndpointRole.Client).IsError);
        Assert.False(new TransportParameters { StatelessResetToken = new byte[16] }.Validate(EndpointRole.Server).IsError);
        Assert.True(new TransportParameters { AckDelayExponent = 21 }.Validate(EndpointRole.Server).IsError);
        Assert.True(new TransportParameters { MaxUdpPayloadSize = 1000 }.Validate(EndpointRole.Server).IsError);
    }
}
