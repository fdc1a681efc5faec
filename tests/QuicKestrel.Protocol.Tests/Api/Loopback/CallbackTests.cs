using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>Callbacks run on the connection's worker; API calls made inside them run inline.</summary>
public class CallbackTests
{
    [Fact]
    public void Calls_made_inside_a_callback_run_inline_on_the_worker()
    {
        using Loopback loopback = Loopback.Create();
        QuicStatus getStatus = QuicStatus.InternalError;
        string? phrase = null;
        int callbackThread = 0;
        ConnectionPeer client = loopback.OpenClient();
        client.React = (QuicHandle connection, ref QuicConnectionEvent e) =>
        {
            if (e.Type != QuicConnectionEventType.Connected)
                return QuicStatus.Success;
            callbackThread = Environment.CurrentManagedThreadId;
            // A synchronous call from the worker to itself would deadlock if it were queued.
            loopback.Api.SetParam(connection, QuicParam.ConnCloseReasonPhrase, "inline\0"u8);
            Span<byte> buffer = stackalloc byte[32];
            uint length = 32;
            getStatus = loopback.Api.GetParam(connection, QuicParam.ConnCloseReasonPhrase, ref length, buffer);
            phrase = System.Text.Encoding.UTF8.GetString(buffer[..(int)(length - 1)]);
            return QuicStatus.Success;
        };
        loopback.StartClient(client);
        client.WaitFor(QuicConnectionEventType.Connected);
        Assert.Equal(QuicStatus.Success, getStatus);
        Assert.Equal("inline", phrase);
        Assert.NotEqual(Environment.CurrentManagedThreadId, callbackThread);
        Assert.True(QuicKestrel.Protocol.Runtime.Worker.Current is null);
    }

    [Fact]
    public void A_stream_started_and_written_inside_CONNECTED_is_delivered_after_the_callback_returns()
    {
        using Loopback loopback = Loopback.Create();
        loopback.ConfigureServerConnection = server => server.ConfigurePeerStream = s => s.Echo = true;
        StreamPeer? stream = null;
        bool startCompleteInsideCallback = false;
        ConnectionPeer client = loopback.OpenClient();
        client.React = (QuicHandle connection, ref QuicConnectionEvent e) =>
        {
            if (e.Type != QuicConnectionEventType.Connected)
                return QuicStatus.Success;
            stream = loopback.OpenStream(client);
            Assert.Equal(QuicStatus.Pending, loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None));
            Assert.Equal(QuicStatus.Pending, loopback.Api.StreamSend(stream.Handle, new QuicBuffer[] { "ping"u8.ToArray() }, QuicSendFlags.Fin, null));
            // Inline, but not recursive: START_COMPLETE is not delivered inside this callback.
            startCompleteInsideCallback = stream.Events.Count > 0;
            // The ID is already assigned: the call ran before returning.
            Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(stream.Handle, QuicParam.StreamId, out ulong id));
            Assert.Equal(0UL, id);
            return QuicStatus.Success;
        };
        loopback.StartClient(client);
        client.WaitFor(QuicConnectionEventType.Connected);
        Assert.NotNull(stream);
        stream!.WaitFor(QuicStreamEventType.ShutdownComplete);
        Assert.False(startCompleteInsideCallback);
        Assert.Equal("ping"u8.ToArray(), stream.Received);
        Assert.Equal(client.CallbackThreadId, stream.CallbackThreadId);
    }

    [Fact]
    public void ConnectionClose_inside_SHUTDOWN_COMPLETE_runs_inline()
    {
        using Loopback loopback = Loopback.Create();
        bool closed = false;
        ConnectionPeer client = loopback.OpenClient();
        client.React = (QuicHandle connection, ref QuicConnectionEvent e) =>
        {
            if (e.Type == QuicConnectionEventType.Connected)
                loopback.Api.ConnectionShutdown(connection, QuicConnectionShutdownFlags.None, 0);
            if (e.Type == QuicConnectionEventType.ShutdownComplete)
            {
                loopback.Api.ConnectionClose(connection);
                closed = connection.IsClosed;
            }
            return QuicStatus.Success;
        };
        loopback.StartClient(client);
        client.WaitFor(QuicConnectionEventType.ShutdownComplete);
        Assert.True(closed);
    }
}
