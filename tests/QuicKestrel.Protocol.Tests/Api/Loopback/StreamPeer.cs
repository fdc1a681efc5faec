using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>A stream under test: its events, the bytes it received (copied inside RECEIVE), and an optional reaction.</summary>
internal sealed class StreamPeer
{
    private readonly QuicApiTable _api;
    private readonly object _dataGate = new();
    private readonly MemoryStream _received = new();

    public StreamPeer(QuicApiTable api) => _api = api;

    public QuicHandle Handle { get; set; } = null!;

    public QuicStreamOpenFlags OpenFlags { get; set; }

    public EventLog<QuicStreamEvent> Events { get; } = new(e => e.Type.ToString());

    /// <summary>Runs inside the callback after RECEIVE data was copied; its status is returned.</summary>
    public StreamReaction? React { get; set; }

    /// <summary>Echo received data back and end with FIN when the peer's FIN arrives (a bidirectional server stream).</summary>
    public bool Echo { get; set; }

    public int CallbackThreadId { get; private set; }

    public byte[] Received
    {
        get
        {
            lock (_dataGate)
                return _received.ToArray();
        }
    }

    public QuicStatus Callback(QuicHandle stream, object? context, ref QuicStreamEvent evt)
    {
        CallbackThreadId = Environment.CurrentManagedThreadId;
        if (evt.Type == QuicStreamEventType.Receive)
            Copy(evt.Receive);
        QuicStatus status = QuicStatus.Success;
        if (evt.Type == QuicStreamEventType.Receive && Echo)
            EchoBack(evt.Receive);
        if (React is not null)
            status = React(stream, ref evt);
        Events.Add(evt);
        return status;
    }

    private void Copy(in QuicStreamEvent.ReceivePayload receive)
    {
        lock (_dataGate)
        {
            long limit = (long)receive.TotalBufferLength;
            foreach (QuicBuffer buffer in receive.Buffers.Span)
            {
                int take = (int)Math.Min(buffer.Length, limit);
                _received.Write(buffer.Span[..take]);
                limit -= take;
            }
        }
    }

    private void EchoBack(in QuicStreamEvent.ReceivePayload receive)
    {
        var copy = new QuicBuffer[receive.BufferCount];
        for (int i = 0; i < copy.Length; i++)
            copy[i] = receive.Buffers.Span[i].Span.ToArray();
        QuicSendFlags flags = receive.Flags.HasFlag(QuicReceiveFlags.Fin) ? QuicSendFlags.Fin : QuicSendFlags.None;
        if (copy.Length > 0 || flags != QuicSendFlags.None)
            _api.StreamSend(Handle, copy, flags, null);
    }

    public QuicStreamEvent WaitFor(QuicStreamEventType type, TimeSpan? timeout = null) =>
        Events.WaitFor(e => e.Type == type, type.ToString(), timeout);

    public QuicStreamEventType[] Types => Events.Snapshot().Select(e => e.Type).ToArray();

    public bool Has(QuicStreamEventType type) => Events.Snapshot().Any(e => e.Type == type);

    /// <summary>Waits until <paramref name="count"/> bytes have arrived.</summary>
    public void WaitForBytes(int count, TimeSpan? timeout = null)
    {
        long deadline = Environment.TickCount64 + (long)(timeout ?? EventLog<int>.DefaultTimeout).TotalMilliseconds;
        while (Received.Length < count)
        {
            Assert.True(Environment.TickCount64 < deadline, $"timed out waiting for {count} bytes; got {Received.Length}; events: {string.Join(", ", Types)}");
            Events.TryWaitFor(_ => false, out _, TimeSpan.FromMilliseconds(20));
        }
    }
}

internal delegate QuicStatus StreamReaction(QuicHandle stream, ref QuicStreamEvent evt);
