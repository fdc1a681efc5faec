using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Tests.Runtime.Datapath;

public unsafe class ControlMessageTests
{
    [Fact]
    public void Send_messages_have_the_cmsg_layout_the_kernel_expects()
    {
        byte* control = stackalloc byte[LinuxControlMessages.SendSpace];
        int length = LinuxControlMessages.WriteTrafficClass(control, ipv4: true, (int)EcnCodepoint.Ect0);
        length += LinuxControlMessages.WriteSegmentSize(control + length, 1200);
        Assert.Equal(48, length);
        string hex = Convert.ToHexStringLower(new ReadOnlySpan<byte>(control, length));
        // cmsg_len 20, SOL_IP, IP_TOS, int 2, pad | cmsg_len 18, SOL_UDP, UDP_SEGMENT, u16 1200, pad
        Assert.StartsWith("1400000000000000" + "00000000" + "01000000" + "02000000", hex);
        Assert.Equal("1200000000000000" + "11000000" + "67000000" + "b004", hex.Substring(48, 36));
    }

    [Fact]
    public void Received_messages_are_parsed_and_unknown_ones_skipped()
    {
        byte* control = stackalloc byte[LinuxControlMessages.ReceiveSpace];
        int length = WriteRaw(control, level: 1, type: 29, [1, 2, 3, 4, 5, 6, 7, 8, 9]); // SO_TIMESTAMP-like: skipped
        length += WriteRaw(control + length, LinuxConstants.SOL_UDP, LinuxConstants.UDP_GRO, BitConverter.GetBytes(1350));
        length += WriteRaw(control + length, LinuxConstants.SOL_IP, LinuxConstants.IP_TOS, [0b1011_1011]); // DSCP bits + CE
        length += WriteRaw(control + length, LinuxConstants.SOL_IP, LinuxConstants.IP_PKTINFO,
            [7, 0, 0, 0, 127, 0, 0, 1, 127, 0, 0, 9]);

        ReceivedControl parsed = LinuxControlMessages.Parse(control, (nuint)length);
        Assert.Equal(1350, parsed.SegmentSize);
        Assert.Equal(EcnCodepoint.Ce, parsed.Ecn);
        Assert.Equal(new UdpEndPoint([127, 0, 0, 9], 0), parsed.LocalAddress);
        Assert.Equal(7, parsed.InterfaceIndex);
    }

    [Fact]
    public void IPv6_packet_info_keeps_the_interface_for_link_local_addresses()
    {
        byte* control = stackalloc byte[LinuxControlMessages.ReceiveSpace];
        byte[] info = new byte[20];
        info[0] = 0xfe; info[1] = 0x80; info[15] = 1; info[16] = 5;
        int length = WriteRaw(control, LinuxConstants.SOL_IPV6, LinuxConstants.IPV6_PKTINFO, info);
        length += WriteRaw(control + length, LinuxConstants.SOL_IPV6, LinuxConstants.IPV6_TCLASS, BitConverter.GetBytes(1));
        ReceivedControl parsed = LinuxControlMessages.Parse(control, (nuint)length);
        Assert.Equal(5u, parsed.LocalAddress.ScopeId);
        Assert.Equal(EcnCodepoint.Ect1, parsed.Ecn);
    }

    [Fact]
    public void Truncated_or_malformed_control_data_never_reads_past_the_end()
    {
        byte* control = stackalloc byte[64];
        int length = WriteRaw(control, LinuxConstants.SOL_UDP, LinuxConstants.UDP_GRO, BitConverter.GetBytes(1000));
        Assert.Equal(0, LinuxControlMessages.Parse(control, (nuint)(length - 8)).SegmentSize); // header claims more than given
        *(nuint*)control = 3; // cmsg_len shorter than a header
        Assert.Equal(0, LinuxControlMessages.Parse(control, (nuint)length).SegmentSize);
        Assert.Equal(default, LinuxControlMessages.Parse(control, 0));
    }

    private static int WriteRaw(byte* at, int level, int type, byte[] data)
    {
        *(nuint*)at = (nuint)(16 + data.Length);
        *(int*)(at + 8) = level;
        *(int*)(at + 12) = type;
        data.CopyTo(new Span<byte>(at + 16, data.Length));
        return LinuxControlMessages.Space(data.Length);
    }
}
