namespace QuicKestrel.Http3.Tests.Client;

public class DeterministicContentTests
{
    [Fact]
    public void TheFormulaIsTheTopByteOfTheOffsetTimesTheGoldenRatioConstant()
    {
        Assert.Equal(0x00, DeterministicContent.ByteAt(0));
        Assert.Equal(0x9E, DeterministicContent.ByteAt(1));
        Assert.Equal(0x3C, DeterministicContent.ByteAt(2));
        Assert.Equal((byte)(unchecked(1_000_000UL * 0x9E3779B97F4A7C15UL) >> 56), DeterministicContent.ByteAt(1_000_000));
    }

    [Fact]
    public void FillMatchesByteAtFromAnyOffset()
    {
        var buffer = new byte[4096];
        foreach (long offset in new long[] { 0, 1, 4095, 1L << 33 })
        {
            DeterministicContent.Fill(offset, buffer);
            for (int i = 0; i < buffer.Length; i++)
                Assert.Equal(DeterministicContent.ByteAt(offset + i), buffer[i]);
            Assert.Equal(-1, DeterministicContent.FindMismatch(offset, buffer));
        }
    }

    [Fact]
    public void DetectsShiftsSwapsAndCorruption()
    {
        byte[] content = DeterministicContent.Create(1 << 20);
        Assert.Equal(-1, DeterministicContent.FindMismatch(0, content));
        Assert.NotEqual(-1, DeterministicContent.FindMismatch(1, content.AsSpan(0, 64)));
        byte[] swapped = [.. content.AsSpan(65536, 65536), .. content.AsSpan(0, 65536)];
        Assert.Equal(0, DeterministicContent.FindMismatch(0, swapped));
        content[777_777] ^= 1;
        Assert.Equal(777_777, DeterministicContent.FindMismatch(0, content));
    }
}
