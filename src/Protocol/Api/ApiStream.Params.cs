using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Api;

// Stream parameters, on the connection's worker.
internal sealed partial class ApiStream
{
    private ushort _priority = QuicStream.DefaultPriority;

    public QuicStatus GetParam(uint param, ref uint length, Span<byte> buffer) =>
        Connection.ReadParamOnWorker(GetParamOnWorker, param, ref length, buffer);

    public QuicStatus SetParam(uint param, ReadOnlySpan<byte> buffer)
    {
        if (param != QuicParam.StreamPriority || !ParamBuffer.TryRead(buffer, out ushort priority))
            return QuicStatus.InvalidParameter;
        if (Connection.Driver.IsOnWorkerThread)
            return SetPriority(priority);
        QuicStatus status = QuicStatus.InvalidState;
        return Connection.Invoke(_ => status = SetPriority(priority)) ? status : QuicStatus.InvalidState;
    }

    private QuicStatus GetParamOnWorker(uint param, ref uint length, Span<byte> buffer) => param switch
    {
        QuicParam.StreamId => Engine is { } engine ? ParamBuffer.Write((ulong)engine.Id, ref length, buffer) : QuicStatus.InvalidState,
        QuicParam.StreamZeroRttLength => ParamBuffer.Write(ZeroRttLength, ref length, buffer),
        QuicParam.StreamIdealSendBufferSize => ParamBuffer.Write(IdealSendBufferSize, ref length, buffer),
        QuicParam.StreamPriority => ParamBuffer.Write(_priority, ref length, buffer),
        QuicParam.StreamStatistics => ParamBuffer.Write(default(QuicStreamStatistics), ref length, buffer),
        _ => QuicStatus.InvalidParameter,
    };

    private QuicStatus SetPriority(ushort priority)
    {
        _priority = priority;
        if (Engine is { } engine && Connection.Engine is { } connection && Phase == StreamPhase.Started)
            connection.SetStreamPriority(engine, priority);
        return QuicStatus.Success;
    }

    /// <summary>The client's handshake completed: what the stream had sent by then went in 0-RTT, if the server took it.</summary>
    internal void RecordZeroRttLength(bool zeroRttAccepted)
    {
        if (IsLocal && Engine?.Send is { } send)
            ZeroRttLength = zeroRttAccepted ? (ulong)send.SentEnd : 0;
    }
}
