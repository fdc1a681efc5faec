using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Wire;

/// <summary>FsCheck generators for wire values, spread over every varint length class.</summary>
internal static class WireGen
{
    private static readonly ulong[] ClassMasks = [VarInt.MaxOneByte, VarInt.MaxTwoBytes, VarInt.MaxFourBytes, VarInt.MaxValue];

    /// <summary>A value in [0, 2^62) from a uniformly chosen length class, boundaries included.</summary>
    public static Gen<ulong> VarIntValue { get; } = Gen.Frequency(
        (8, from cls in Gen.Choose(0, 3)
            from hi in Gen.Choose(0, int.MaxValue)
            from lo in Gen.Choose(0, int.MaxValue)
            select (((ulong)(uint)hi << 31) | (uint)lo) & ClassMasks[cls]),
        (1, Gen.Elements(0UL, 63UL, 64UL, 16383UL, 16384UL, 1073741823UL, 1073741824UL, VarInt.MaxValue)));

    public static Gen<ulong> VarIntAtMost(ulong max) => VarIntValue.Select(v => max == VarInt.MaxValue ? v : v % (max + 1));

    public static Gen<byte[]> Bytes(int minLength, int maxLength) =>
        from length in Gen.Choose(minLength, maxLength)
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
        select bytes;

    public static Gen<bool> Bool { get; } = Gen.Elements(true, false);

    public static Gen<ulong> UInt64 { get; } =
        from hi in Gen.Choose(int.MinValue, int.MaxValue)
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        select ((ulong)(uint)hi << 32) | (uint)lo;
}
