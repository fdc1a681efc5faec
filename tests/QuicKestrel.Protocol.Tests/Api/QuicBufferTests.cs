using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api;

public class QuicBufferTests
{
    [Fact]
    public void A_buffer_is_a_view_not_a_copy()
    {
        byte[] bytes = [1, 2, 3, 4, 5];
        QuicBuffer buffer = new ReadOnlyMemory<byte>(bytes, 1, 3);
        Assert.Equal(3u, buffer.Length);
        Assert.Equal(new byte[] { 2, 3, 4 }, buffer.Span.ToArray());
        bytes[2] = 9;
        Assert.Equal(9, buffer.Span[1]);
        Assert.Equal(buffer, new QuicBuffer(buffer.Memory));
        Assert.Equal("QuicBuffer[3]", buffer.ToString());
    }

    [Fact]
    public void Arrays_convert_implicitly_as_in_alpn_lists()
    {
        QuicBuffer[] alpns = ["h3"u8.ToArray(), "hq-interop"u8.ToArray()];
        Assert.Equal(2u, alpns[0].Length);
        Assert.True(alpns[1].Span.SequenceEqual("hq-interop"u8));
        Assert.Equal(0u, default(QuicBuffer).Length);
        Assert.True(default(QuicBuffer).Span.IsEmpty);
    }

    [Fact]
    public void Equality_compares_the_views_not_the_bytes()
    {
        byte[] a = [1, 2];
        byte[] b = [1, 2];
        Assert.True(new QuicBuffer(a) == new QuicBuffer(a));
        Assert.True(new QuicBuffer(a) != new QuicBuffer(b));
        Assert.Equal(new QuicBuffer(a).GetHashCode(), new QuicBuffer(a).GetHashCode());
        Assert.False(new QuicBuffer(a).Equals((object)a));
    }
}
