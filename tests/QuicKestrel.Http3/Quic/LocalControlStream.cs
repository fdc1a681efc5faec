using QuicKestrel.Http3.Framing;
using QuicKestrel.Http3.Protocol;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3.Quic;

/// <summary>
/// Our control stream (RFC 9114 §6.2.1): opened once, starts with the stream type and our
/// SETTINGS (no dynamic table, our field section limit), later carries GOAWAY; never closed
/// while the connection lives. The peer stopping it is H3_CLOSED_CRITICAL_STREAM.
/// </summary>
internal sealed class LocalControlStream
{
    private static readonly QuicStreamCallback s_callback = OnEvent;

    private readonly IHttp3ConnectionOwner _owner;
    private QuicHandle? _stream;

    private LocalControlStream(IHttp3ConnectionOwner owner) => _owner = owner;

    /// <summary>Opens, starts and sends the preface; inside a callback or before ConnectionStart.</summary>
    /// <returns>The stream, or null when the connection refused it (it is closing).</returns>
    public static LocalControlStream? Open(IHttp3ConnectionOwner owner, QuicHandle connection, int maxFieldSectionSize, bool zeroRtt)
    {
        var control = new LocalControlStream(owner);
        QuicStreamOpenFlags openFlags = QuicStreamOpenFlags.Unidirectional | (zeroRtt ? QuicStreamOpenFlags.ZeroRtt : 0);
        if (owner.Api.StreamOpen(connection, openFlags, s_callback, control, out QuicHandle? stream).Failed())
            return null;
        if (owner.Api.StreamStart(stream, QuicStreamStartFlags.Immediate).Failed())
        {
            owner.Api.StreamClose(stream);
            return null;
        }
        control._stream = stream;
        byte[] preface = Http3FrameWriter.CreateControlStreamPreface(Http3Settings.CreateLocal((ulong)maxFieldSectionSize));
        control.Send(preface, zeroRtt ? QuicSendFlags.AllowZeroRtt : QuicSendFlags.None);
        return control;
    }

    /// <summary>Sends GOAWAY with <paramref name="id"/> (§5.2); from any thread.</summary>
    public void SendGoAway(ulong id) => Send(Http3FrameWriter.CreateVarIntFrame(Http3FrameType.GoAway, id), QuicSendFlags.None);

    private void Send(byte[] bytes, QuicSendFlags flags)
    {
        // The buffer array must stay unchanged until SEND_COMPLETE: it is referenced only by this send.
        QuicBuffer[] buffers = [new QuicBuffer(bytes)];
        _owner.Api.StreamSend(_stream, buffers, flags, null);
    }

    private static QuicStatus OnEvent(QuicHandle stream, object? context, ref QuicStreamEvent evt)
    {
        var self = (LocalControlStream)context!;
        switch (evt.Type)
        {
            case QuicStreamEventType.StartComplete when evt.StartComplete.Status.Failed():
                self._owner.Api.StreamClose(stream); // a failed start is the stream's only event
                break;
            case QuicStreamEventType.PeerReceiveAborted when !self._owner.IsClosing:
                self._owner.FailConnection(Http3ProtocolError.Connection(Http3ErrorCode.ClosedCriticalStream, "peer stopped our control stream"));
                break;
            case QuicStreamEventType.ShutdownComplete:
                self._owner.Api.StreamClose(stream);
                break;
        }
        return QuicStatus.Success;
    }
}
