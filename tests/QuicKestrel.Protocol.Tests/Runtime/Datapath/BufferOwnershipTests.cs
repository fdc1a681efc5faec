using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Tests.Runtime.Datapath;

public class BufferOwnershipTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Retained_datagrams_stay_intact_while_later_ones_arrive(bool managed, bool gro)
    {
        var retained = new List<ReceivedDatagram>();
        var (receiver, seen) = TestSockets.OpenIPv4(managed, gro: gro);
        var (client, _) = TestSockets.OpenIPv4(managed);
        seen.OnEach = datagram =>
        {
            datagram.Retain();
            lock (retained)
                retained.Add(datagram);
        };
        using (receiver)
        using (client)
        using (UdpSender sender = client.CreateSender())
        {
            const int count = 200;
            for (int i = 0; i < count; i++)
                Assert.True(sender.Send(TestSockets.Pattern(300 + i, i), receiver.LocalEndPoint).IsSuccess);
            Assert.Equal(count, seen.WaitFor(count).Count);

            lock (retained)
            {
                Assert.Equal(count, retained.Count);
                for (int i = 0; i < count; i++)
                {
                    Assert.Equal(TestSockets.Pattern(300 + i, i), retained[i].Payload.ToArray());
                    Assert.Equal(client.LocalEndPoint, retained[i].RemoteEndPoint);
                    retained[i].Release();
                }
            }
        }
    }

    [Fact]
    public void Pool_reuses_returned_buffers_and_keeps_a_bounded_number()
    {
        var pool = new DatagramBufferPool(2048, maxRetained: 2);
        DatagramBuffer a = pool.Rent(), b = pool.Rent(), c = pool.Rent();
        Assert.Equal(3, pool.Created);
        a.Release();
        b.Release();
        c.Release(); // beyond maxRetained: left to the GC
        DatagramBuffer again = pool.Rent();
        Assert.True(ReferenceEquals(again, a) || ReferenceEquals(again, b));
        Assert.Equal(1, again.ReferenceCount);
        pool.Rent();
        pool.Rent();
        Assert.Equal(4, pool.Created);
    }

    [Fact]
    public void Retain_and_release_count_references_and_misuse_throws()
    {
        var pool = new DatagramBufferPool(64, 4);
        DatagramBuffer buffer = pool.Rent();
        buffer.Retain();
        buffer.Release();
        Assert.Equal(1, buffer.ReferenceCount);
        buffer.Release();
        Assert.Throws<InvalidOperationException>(buffer.Release);
        Assert.Throws<InvalidOperationException>(buffer.Retain);
    }

    [Fact]
    public void Buffers_are_pinned_and_report_gro_segments()
    {
        var buffer = new DatagramBuffer(4096);
        Assert.Equal(4096, buffer.Capacity);
        buffer.Length = 2500;
        buffer.SegmentSize = 1200;
        Assert.Equal(3, buffer.DatagramCount);
        unsafe
        {
            fixed (byte* p = buffer.Span)
                Assert.True(p == buffer.Pointer);
        }
    }
}
