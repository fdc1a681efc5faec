using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

/// <summary>
/// The receive side: RECEIVE events copy into the input pipe on the connection's worker. When
/// the pipe is over its pause threshold, the next RECEIVE consumes nothing, which pauses the
/// stack's receive events until the reader catches up and StreamReceiveSetEnabled resumes them
/// (the stack keeps the data and withholds flow-control credit meanwhile).
/// </summary>
internal sealed partial class QuicStreamContext
{
    private bool _inputCompleted;
    private bool _receivedFin;
    private bool _flushPending;
    private bool _receivePaused;

    private void ResetReceiveState()
    {
        _inputCompleted = _receivedFin = _flushPending = _receivePaused = false;
    }

    private QuicStatus OnReceive(ref QuicStreamEvent.ReceivePayload receive)
    {
        bool fin = (receive.Flags & QuicReceiveFlags.Fin) != 0;
        lock (_gate)
        {
            if (_inputCompleted)
            {
                // Kestrel stopped reading or the stream was aborted: discard, but note the FIN.
                _receivedFin |= fin;
                return QuicStatus.Success;
            }
            if (_flushPending && receive.TotalBufferLength > 0)
            {
                receive.TotalBufferLength = 0;
                _receivePaused = true;
                return QuicStatus.Success;
            }
            PipeWriter writer = _input.Writer;
            ReadOnlySpan<QuicBuffer> buffers = receive.Buffers.Span[..(int)receive.BufferCount];
            foreach (QuicBuffer buffer in buffers)
                writer.Write(buffer.Span);
            if (fin)
            {
                // The final data and the end of the stream reach the reader together.
                _receivedFin = true;
                _inputCompleted = true;
                writer.Complete();
            }
            else
            {
                Flush(writer);
            }
        }
        // A FIN alone does not close the stream for Kestrel: the client may still stop our
        // sending side (STOP_SENDING), which the closed callbacks must be able to report.
        return QuicStatus.Success;
    }

    private void Flush(PipeWriter writer)
    {
        ValueTask<FlushResult> flush = writer.FlushAsync();
        if (!flush.IsCompleted)
        {
            _flushPending = true;
            _ = ResumeAfterFlushAsync(flush, _handle!);
            return;
        }
        if (flush.Result.IsCompleted)
        {
            // The reader is gone (Kestrel completed Transport.Input): further data is discarded.
            _inputCompleted = true;
            writer.Complete();
        }
    }

    private async Task ResumeAfterFlushAsync(ValueTask<FlushResult> flush, QuicHandle handle)
    {
        try
        {
            await flush.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The pipe was completed meanwhile; the receive state below still has to be released.
        }
        bool resume;
        lock (_gate)
        {
            _flushPending = false;
            resume = _receivePaused && ReferenceEquals(handle, _handle);
            _receivePaused = false;
        }
        if (resume)
            _connection.Transport.Api.StreamReceiveSetEnabled(handle, true);
    }

    private void OnPeerSendShutdown()
    {
        lock (_gate)
        {
            // The RECEIVE that carried the FIN normally completed the pipe already; while paused,
            // the FIN comes again with the data the stack still holds.
            if (_inputCompleted || _receivePaused)
                return;
            _receivedFin = true;
            _inputCompleted = true;
            _input.Writer.Complete();
        }
    }

    private void OnPeerSendAborted(ulong errorCode)
    {
        lock (_gate)
        {
            _error = (long)errorCode;
            _peerAborted = true;
        }
        TransportLog.StreamResetByPeer(_connection.Transport.Logger, ConnectionId, (long)errorCode);
        CompleteInput(new ConnectionResetException($"The peer reset the stream with application error code 0x{errorCode:x}."));
        FireStreamClosed();
    }

    /// <summary>Completes the input pipe once; later data is discarded.</summary>
    private void CompleteInput(Exception? error)
    {
        lock (_gate)
        {
            if (_inputCompleted)
                return;
            _inputCompleted = true;
            _input.Writer.Complete(error);
        }
    }
}
