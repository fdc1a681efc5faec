using System.Buffers.Binary;

namespace QuicKestrel.Protocol.Wire;

internal sealed partial class TransportParameters
{
    /// <summary>Random bytes consumed per grease parameter: 8 for N, 1 for the length, 15 for the value.</summary>
    public const int GreaseEntropyLength = 24;

    private const int MaxGreaseValueLength = 15;

    // 31 * N + 27 must stay a varint (<= 2^62-1).
    private const ulong GreaseIdCount = (VarInt.MaxValue - 27) / 31 + 1;

    /// <summary>
    /// Encodes the parameters, leaving out those at their default. Each whole
    /// <see cref="GreaseEntropyLength"/>-byte chunk of <paramref name="greaseEntropy"/> (random bytes
    /// from the caller's RandomSource) adds one reserved parameter with a random identifier of the
    /// form 31 * N + 27 and a random 0-15 byte value (RFC 9000 §18.1), so peers stay tolerant of
    /// unknown parameters.
    /// </summary>
    public bool TryEncode(Span<byte> destination, out int bytesWritten, ReadOnlySpan<byte> greaseEntropy = default)
    {
        var writer = new SpanWriter(destination);
        bool ok = TryWriteConnectionIds(ref writer)
            && TryWriteIntegers(ref writer)
            && TryWriteStructured(ref writer)
            && TryWriteGrease(ref writer, greaseEntropy);
        bytesWritten = ok ? writer.Position : 0;
        return ok;
    }

    /// <summary>Encodes into a new array (allocation per handshake is fine).</summary>
    public byte[] Encode(ReadOnlySpan<byte> greaseEntropy = default)
    {
        var buffer = new byte[GetMaxEncodedLength(greaseEntropy.Length / GreaseEntropyLength)];
        if (!TryEncode(buffer, out int written, greaseEntropy))
            throw new InvalidOperationException("The transport parameters exceeded their size bound.");
        return buffer.AsSpan(0, written).ToArray();
    }

    // An upper bound: every parameter's identifier and length take at most 8 bytes each.
    private int GetMaxEncodedLength(int greaseCount)
    {
        const int ParameterOverhead = 2 * VarInt.MaxLength;
        const int ParameterCount = 20;
        return ParameterCount * (ParameterOverhead + VarInt.MaxLength)
            + (OriginalDestinationConnectionId?.Length ?? 0) + (StatelessResetToken?.Length ?? 0)
            + (InitialSourceConnectionId?.Length ?? 0) + (RetrySourceConnectionId?.Length ?? 0)
            + (PreferredAddress?.EncodedLength ?? 0) + (VersionInformation?.EncodedLength ?? 0)
            + greaseCount * (ParameterOverhead + MaxGreaseValueLength);
    }

    private bool TryWriteConnectionIds(ref SpanWriter writer) =>
        TryWriteBytes(ref writer, TransportParameterId.OriginalDestinationConnectionId, OriginalDestinationConnectionId)
        && TryWriteBytes(ref writer, TransportParameterId.StatelessResetToken, StatelessResetToken)
        && TryWriteBytes(ref writer, TransportParameterId.InitialSourceConnectionId, InitialSourceConnectionId)
        && TryWriteBytes(ref writer, TransportParameterId.RetrySourceConnectionId, RetrySourceConnectionId);

    private bool TryWriteIntegers(ref SpanWriter writer) =>
        TryWriteInteger(ref writer, TransportParameterId.MaxIdleTimeout, MaxIdleTimeoutMillis, 0)
        && TryWriteInteger(ref writer, TransportParameterId.MaxUdpPayloadSize, MaxUdpPayloadSize, DefaultMaxUdpPayloadSize)
        && TryWriteInteger(ref writer, TransportParameterId.InitialMaxData, InitialMaxData, 0)
        && TryWriteInteger(ref writer, TransportParameterId.InitialMaxStreamDataBidiLocal, InitialMaxStreamDataBidiLocal, 0)
        && TryWriteInteger(ref writer, TransportParameterId.InitialMaxStreamDataBidiRemote, InitialMaxStreamDataBidiRemote, 0)
        && TryWriteInteger(ref writer, TransportParameterId.InitialMaxStreamDataUni, InitialMaxStreamDataUni, 0)
        && TryWriteInteger(ref writer, TransportParameterId.InitialMaxStreamsBidi, InitialMaxStreamsBidi, 0)
        && TryWriteInteger(ref writer, TransportParameterId.InitialMaxStreamsUni, InitialMaxStreamsUni, 0)
        && TryWriteInteger(ref writer, TransportParameterId.AckDelayExponent, AckDelayExponent, DefaultAckDelayExponent)
        && TryWriteInteger(ref writer, TransportParameterId.MaxAckDelay, MaxAckDelayMillis, DefaultMaxAckDelayMillis)
        && TryWriteInteger(ref writer, TransportParameterId.ActiveConnectionIdLimit, ActiveConnectionIdLimit, DefaultActiveConnectionIdLimit)
        && TryWriteInteger(ref writer, TransportParameterId.MaxDatagramFrameSize, MaxDatagramFrameSize, 0);

    private bool TryWriteStructured(ref SpanWriter writer)
    {
        if (DisableActiveMigration && !TryWriteHeader(ref writer, TransportParameterId.DisableActiveMigration, 0))
            return false;
        if (PreferredAddress is { } address
            && !(TryWriteHeader(ref writer, TransportParameterId.PreferredAddress, address.EncodedLength) && address.TryWrite(ref writer)))
            return false;
        if (VersionInformation is { } information
            && !(TryWriteHeader(ref writer, TransportParameterId.VersionInformation, information.EncodedLength) && information.TryWrite(ref writer)))
            return false;
        return true;
    }

    private static bool TryWriteGrease(ref SpanWriter writer, ReadOnlySpan<byte> entropy)
    {
        int count = entropy.Length / GreaseEntropyLength;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> chunk = entropy.Slice(i * GreaseEntropyLength, GreaseEntropyLength);
            ulong id = GetGreaseId(chunk);
            if (IsRepeatedGreaseId(entropy, i, id))
                continue;
            ReadOnlySpan<byte> value = chunk.Slice(9, chunk[8] % (MaxGreaseValueLength + 1));
            if (!(TryWriteHeader(ref writer, id, value.Length) && writer.TryWriteBytes(value)))
                return false;
        }
        return true;
    }

    private static ulong GetGreaseId(ReadOnlySpan<byte> chunk) =>
        31 * (BinaryPrimitives.ReadUInt64LittleEndian(chunk) % GreaseIdCount) + 27;

    // A parameter must not repeat (RFC 9000 §7.4), grease included.
    private static bool IsRepeatedGreaseId(ReadOnlySpan<byte> entropy, int index, ulong id)
    {
        for (int j = 0; j < index; j++)
        {
            if (GetGreaseId(entropy.Slice(j * GreaseEntropyLength, GreaseEntropyLength)) == id)
                return true;
        }
        return false;
    }

    private static bool TryWriteInteger(ref SpanWriter writer, TransportParameterId id, ulong value, ulong defaultValue) =>
        value == defaultValue
        || (TryWriteHeader(ref writer, id, VarInt.GetLength(value)) && writer.TryWriteVarInt(value));

    private static bool TryWriteBytes(ref SpanWriter writer, TransportParameterId id, byte[]? value) =>
        value is null
        || (TryWriteHeader(ref writer, id, value.Length) && writer.TryWriteBytes(value));

    private static bool TryWriteHeader(ref SpanWriter writer, TransportParameterId id, int length) =>
        TryWriteHeader(ref writer, (ulong)id, length);

    private static bool TryWriteHeader(ref SpanWriter writer, ulong id, int length) =>
        writer.TryWriteVarInt(id) && writer.TryWriteVarInt((ulong)length);
}
