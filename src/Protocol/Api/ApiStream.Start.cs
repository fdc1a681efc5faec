using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Api;

// StreamStart on the worker: an ID from the engine now, later (peer's stream limit, or the client
// connection not started yet), or never (FAIL_BLOCKED, connection gone). START_COMPLETE always
// follows; when the start fails it is the stream's only event.
internal sealed partial class ApiStream
{
    private QuicStreamStartFlags _startFlags;

    internal void ExecuteStart(QuicStreamStartFlags flags, long now)
    {
        if (Phase != StreamPhase.Opened || Handle.IsClosed)
            return;
        _startFlags = flags;
        Phase = StreamPhase.Starting;
        if (Connection.IsShuttingDown)
        {
            FailStart(QuicStatus.Aborted);
            return;
        }
        Connection.AddStartingStream(this);
        if (Connection.Engine is not null)
            StartOnEngine(now);
    }

    /// <summary>Asks the engine for an ID (also when a client connection starts and replays its streams).</summary>
    internal void StartOnEngine(long now)
    {
        QuicConnection engine = Connection.Engine!;
        bool failBlocked = (_startFlags & QuicStreamStartFlags.FailBlocked) != 0;
        switch (engine.StartStream(!IsUnidirectional, failBlocked, this, out QuicStream? started))
        {
            case StreamStartResult.Started:
                OnStarted(started!, now);
                break;
            case StreamStartResult.Pending:
                break; // StreamStartComplete follows when the peer allows it
            case StreamStartResult.LimitReached:
                FailStart(QuicStatus.StreamLimitReached);
                break;
            default:
                FailStart(QuicStatus.Aborted);
                break;
        }
    }

    /// <summary>The engine assigned the ID: START_COMPLETE, then what was queued before it.</summary>
    internal void OnStarted(QuicStream engine, long now)
    {
        if (Phase != StreamPhase.Starting)
        {
            // Started after a failure or close was decided: give the ID back.
            Connection.Engine?.ReleaseStream(engine, 0, now);
            return;
        }
        Engine = engine;
        engine.Owner = this;
        Phase = StreamPhase.Started;
        Connection.OnStreamStarted(this);
        Connection.QueueEvent(new ApiEvent(ApiEventKind.StreamStartComplete, this, QuicStatus.Success, Flag: true));
        if (_priority != QuicStream.DefaultPriority)
            Connection.Engine?.SetStreamPriority(engine, _priority);
        UpdateIdealSendBuffer();
        PumpSends(now);
        ApplyQueuedShutdown(now);
    }

    private void FailStart(QuicStatus status)
    {
        Phase = StreamPhase.Finished;
        Connection.ForgetStream(this);
        Connection.QueueEvent(new ApiEvent(ApiEventKind.StreamStartComplete, this, status));
        CancelSends(deliver: true); // the buffers go back to the application after the START_COMPLETE
    }

    /// <summary>The connection shut down before the stream got its ID.</summary>
    internal void OnConnectionShutdownBeforeStart() => FailStart(QuicStatus.Aborted);
}
