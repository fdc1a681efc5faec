using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Api;

public sealed partial class QuicApiTable
{
    /// <summary>
    /// Sets a parameter of an object, or a global one (MsQuic's <c>SetParam</c>). The value is
    /// raw bytes in the layout <see cref="QuicParam"/> gives for the id. Connection and stream
    /// parameters are applied on the connection's worker; the call waits for that (inline
    /// inside a callback).
    /// </summary>
    /// <param name="handle">The object; <see langword="null"/> exactly for global parameters.</param>
    /// <param name="param">A <see cref="QuicParam"/> id, optionally ORed with <see cref="QuicParam.HighPriority"/>.</param>
    /// <param name="buffer">The value.</param>
    /// <returns>
    /// <see cref="QuicStatus.Success"/>; <see cref="QuicStatus.InvalidParameter"/> for a handle
    /// that does not match the id, an unknown id, or a value of the wrong size or range;
    /// <see cref="QuicStatus.InvalidState"/> when the object's state no longer allows it (e.g.
    /// a resumption ticket after <c>ConnectionStart</c>).
    /// </returns>
    public QuicStatus SetParam(QuicHandle? handle, uint param, ReadOnlySpan<byte> buffer)
    {
        if (!QuicApiArguments.IsParamReachable(handle, param))
            return QuicStatus.InvalidParameter;
        return ParamDispatch.Set(handle, param & ~QuicParam.HighPriority, buffer);
    }

    /// <summary>
    /// Sets a fixed-size parameter from a typed value (e.g. <see cref="QuicSettings"/>,
    /// <see cref="QuicAddress"/>, <see cref="ushort"/>): <see cref="SetParam(QuicHandle?, uint, ReadOnlySpan{byte})"/>
    /// with the value's bytes.
    /// </summary>
    /// <typeparam name="T">The parameter's type, whose size is the value's size.</typeparam>
    /// <param name="handle">The object; <see langword="null"/> exactly for global parameters.</param>
    /// <param name="param">A <see cref="QuicParam"/> id.</param>
    /// <param name="value">The value.</param>
    /// <returns>As <see cref="SetParam(QuicHandle?, uint, ReadOnlySpan{byte})"/>.</returns>
    public QuicStatus SetParam<T>(QuicHandle? handle, uint param, in T value)
        where T : unmanaged =>
        SetParam(handle, param, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));

    /// <summary>
    /// Reads a parameter (MsQuic's <c>GetParam</c>). On entry <paramref name="bufferLength"/> is
    /// how many bytes of <paramref name="buffer"/> may be written; on return it is how many
    /// were written, or, with <see cref="QuicStatus.BufferTooSmall"/>, how many are needed; call
    /// with a length of 0 to learn the size of a variable-length value.
    /// </summary>
    /// <param name="handle">The object; <see langword="null"/> exactly for global parameters.</param>
    /// <param name="param">A <see cref="QuicParam"/> id.</param>
    /// <param name="bufferLength">In: the room offered (at most <c>buffer.Length</c>). Out: the length written or needed.</param>
    /// <param name="buffer">Receives the value.</param>
    /// <returns>
    /// <see cref="QuicStatus.Success"/>; <see cref="QuicStatus.BufferTooSmall"/> with the needed
    /// length; <see cref="QuicStatus.InvalidParameter"/> for a handle that does not match the
    /// id, an unknown id or a length larger than the buffer; <see cref="QuicStatus.InvalidState"/>
    /// when the value does not exist yet (e.g. a stream ID before start).
    /// </returns>
    public QuicStatus GetParam(QuicHandle? handle, uint param, ref uint bufferLength, Span<byte> buffer)
    {
        if (!QuicApiArguments.IsParamReachable(handle, param) || bufferLength > (uint)buffer.Length)
            return QuicStatus.InvalidParameter;
        return ParamDispatch.Get(handle, param & ~QuicParam.HighPriority, ref bufferLength, buffer);
    }

    /// <summary>
    /// Reads a fixed-size parameter into a typed value: <see cref="GetParam(QuicHandle?, uint, ref uint, Span{byte})"/>
    /// with room for exactly one <typeparamref name="T"/>. A value shorter than
    /// <typeparamref name="T"/> fills its leading bytes and leaves the rest zero (e.g. an older,
    /// shorter statistics layout).
    /// </summary>
    /// <typeparam name="T">The parameter's type.</typeparam>
    /// <param name="handle">The object; <see langword="null"/> exactly for global parameters.</param>
    /// <param name="param">A <see cref="QuicParam"/> id.</param>
    /// <param name="value">The value read; <c>default</c> on failure.</param>
    /// <returns>As <see cref="GetParam(QuicHandle?, uint, ref uint, Span{byte})"/>; <see cref="QuicStatus.BufferTooSmall"/> when the value is larger than <typeparamref name="T"/>.</returns>
    public QuicStatus GetParam<T>(QuicHandle? handle, uint param, out T value)
        where T : unmanaged
    {
        value = default;
        Span<byte> bytes = MemoryMarshal.AsBytes(new Span<T>(ref value));
        uint length = (uint)Unsafe.SizeOf<T>();
        QuicStatus status = GetParam(handle, param, ref length, bytes);
        if (status.Failed())
            value = default;
        return status;
    }
}
