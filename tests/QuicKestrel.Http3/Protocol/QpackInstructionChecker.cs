using QuicKestrel.Http3.Qpack;

namespace QuicKestrel.Http3.Protocol;

/// <summary>
/// Drains a peer's QPACK encoder or decoder stream (RFC 9204 §4.3, §4.4) for an endpoint that
/// never uses the dynamic table, checking each instruction as it goes. With capacity 0 the
/// only valid encoder instruction is Set Dynamic Table Capacity 0; since our encoder never
/// references the table, the only valid decoder instruction is Stream Cancellation. Anything
/// else is QPACK_ENCODER_STREAM_ERROR / QPACK_DECODER_STREAM_ERROR. Instructions may be split
/// across reads: only the pending integer's state is kept.
/// </summary>
internal sealed class QpackInstructionChecker
{
    private readonly bool _isEncoderStream;
    private bool _inInteger;
    private ulong _value;
    private int _shift;

    /// <param name="isEncoderStream">True for the peer's encoder stream (type 0x02), false for its decoder stream (0x03).</param>
    public QpackInstructionChecker(bool isEncoderStream) => _isEncoderStream = isEncoderStream;

    private Http3ErrorCode StreamError => _isEncoderStream ? Http3ErrorCode.QpackEncoderStreamError : Http3ErrorCode.QpackDecoderStreamError;

    /// <summary>Checks the next bytes of the stream.</summary>
    /// <returns>False with the connection error code when an instruction is invalid.</returns>
    public bool TryRead(ReadOnlySpan<byte> input, out Http3ErrorCode error)
    {
        error = Http3ErrorCode.NoError;
        foreach (byte b in input)
        {
            if (!(_inInteger ? Continue(b) : Start(b)))
            {
                error = StreamError;
                return false;
            }
        }
        return true;
    }

    private bool Start(byte first)
    {
        // Encoder: 001xxxxx Set Dynamic Table Capacity (5-bit prefix). Decoder: 01xxxxxx Stream Cancellation (6-bit prefix).
        bool allowed = _isEncoderStream ? (first & 0xE0) == 0x20 : (first & 0xC0) == 0x40;
        if (!allowed)
            return false;
        int prefixBits = _isEncoderStream ? 5 : 6;
        ulong max = (1UL << prefixBits) - 1;
        _value = first & max;
        _shift = 0;
        _inInteger = _value == max;
        return _inInteger || Complete();
    }

    private bool Continue(byte next)
    {
        if (_shift > 56)
            return false;
        _value += (ulong)(next & 0x7F) << _shift;
        _shift += 7;
        if (_value > QpackInteger.MaxValue)
            return false;
        if ((next & 0x80) != 0)
            return true;
        _inInteger = false;
        return Complete();
    }

    // §4.3.1: a capacity above our maximum (0) is an error; any stream ID may be cancelled.
    private bool Complete() => !_isEncoderStream || _value == 0;
}
