using System.Net;
using System.Reflection;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api;

public class QuicEventTests
{
    [Theory]
    [InlineData(typeof(QuicConnectionEvent))]
    [InlineData(typeof(QuicStreamEvent))]
    [InlineData(typeof(QuicListenerEvent))]
    public void Events_are_structs_whose_payloads_are_structs(Type eventType)
    {
        Assert.True(eventType.IsValueType);
        FieldInfo[] fields = eventType.GetFields(BindingFlags.Public | BindingFlags.Instance);
        Assert.Equal("Type", fields[0].Name);
        Assert.All(fields, field => Assert.True(field.FieldType.IsValueType, $"{eventType.Name}.{field.Name} is a class"));
    }

    [Fact]
    public void Each_connection_event_kind_has_its_payload_field_named_after_msquics_union_member()
    {
        AssertPayloadPerKind<QuicConnectionEventType>(typeof(QuicConnectionEvent));
    }

    [Fact]
    public void Each_stream_event_kind_has_its_payload_field_unless_msquic_gives_it_none()
    {
        AssertPayloadPerKind<QuicStreamEventType>(typeof(QuicStreamEvent), QuicStreamEventType.PeerSendShutdown, QuicStreamEventType.PeerAccepted);
    }

    [Fact]
    public void Each_listener_event_kind_has_its_payload_field()
    {
        AssertPayloadPerKind<QuicListenerEventType>(typeof(QuicListenerEvent));
    }

    [Fact]
    public void Receive_is_filled_in_place_and_the_application_writes_back_what_it_consumed()
    {
        QuicBuffer[] buffers = [new byte[100], new byte[50]];
        var evt = new QuicStreamEvent { Type = QuicStreamEventType.Receive };
        evt.Receive.AbsoluteOffset = 1000;
        evt.Receive.Buffers = buffers;
        evt.Receive.BufferCount = 2;
        evt.Receive.TotalBufferLength = 150;
        evt.Receive.Flags = QuicReceiveFlags.Fin;
        QuicStreamCallback partialReader = (QuicHandle _, object? _, ref QuicStreamEvent e) =>
        {
            Assert.Equal(150UL, e.Receive.TotalBufferLength);
            e.Receive.TotalBufferLength = 120;
            return QuicStatus.Continue;
        };

        QuicStatus status = partialReader(new QuicHandle(QuicHandleKind.Stream), null, ref evt);

        Assert.Equal(QuicStatus.Continue, status);
        Assert.Equal(120UL, evt.Receive.TotalBufferLength);
        Assert.Equal(1000UL, evt.Receive.AbsoluteOffset);
        Assert.True(evt.Receive.Buffers.Span[1] == buffers[1]);
    }

    [Fact]
    public void Writable_members_are_exactly_msquics_in_out_members()
    {
        var writable = new[] { typeof(QuicConnectionEvent), typeof(QuicStreamEvent), typeof(QuicListenerEvent) }
            .SelectMany(type => type.GetNestedTypes())
            .SelectMany(payload => payload.GetProperties().Where(p => p.SetMethod is { IsPublic: true }).Select(p => $"{payload.Name}.{p.Name}"))
            .Order()
            .ToArray();
        Assert.Equal(
            [
                "CancelOnLossPayload.ErrorCode",
                "DatagramSendStateChangedPayload.ClientContext",
                "PeerStreamStartedPayload.Flags",
                "ReceivePayload.TotalBufferLength",
            ],
            writable);
    }

    [Fact]
    public void Delivering_a_reused_event_allocates_nothing()
    {
        var stream = new QuicHandle(QuicHandleKind.Stream);
        var connection = new QuicHandle(QuicHandleKind.Connection);
        QuicBuffer[] buffers = [new byte[1200]];
        var endPoint = new IPEndPoint(IPAddress.Loopback, 4433);
        long consumed = 0;
        QuicStreamCallback onStream = (QuicHandle _, object? _, ref QuicStreamEvent e) =>
        {
            consumed += (long)e.Receive.TotalBufferLength;
            return QuicStatus.Success;
        };
        QuicConnectionCallback onConnection = (QuicHandle _, object? _, ref QuicConnectionEvent e) =>
            e.PeerAddressChanged.Address.Port == 4433 ? QuicStatus.Success : QuicStatus.InternalError;
        var streamEvent = new QuicStreamEvent();
        var connectionEvent = new QuicConnectionEvent();

        Deliver(onStream, onConnection, stream, connection, buffers, endPoint, ref streamEvent, ref connectionEvent); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
            Deliver(onStream, onConnection, stream, connection, buffers, endPoint, ref streamEvent, ref connectionEvent);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(10_001L * 1200, consumed);
    }

    private static void Deliver(
        QuicStreamCallback onStream, QuicConnectionCallback onConnection, QuicHandle stream, QuicHandle connection,
        QuicBuffer[] buffers, IPEndPoint endPoint, ref QuicStreamEvent streamEvent, ref QuicConnectionEvent connectionEvent)
    {
        streamEvent.Type = QuicStreamEventType.Receive;
        streamEvent.Receive.Buffers = buffers;
        streamEvent.Receive.BufferCount = 1;
        streamEvent.Receive.TotalBufferLength = buffers[0].Length;
        QuicStatus streamStatus = onStream(stream, null, ref streamEvent);
        connectionEvent.Type = QuicConnectionEventType.PeerAddressChanged;
        connectionEvent.PeerAddressChanged.Address = endPoint;
        QuicStatus connectionStatus = onConnection(connection, null, ref connectionEvent);
        if (streamStatus != QuicStatus.Success || connectionStatus != QuicStatus.Success)
            throw new InvalidOperationException("a callback failed"); // xunit's Assert allocates, so it stays out of the measured loop
    }

    private static void AssertPayloadPerKind<TKind>(Type eventType, params TKind[] withoutPayload)
        where TKind : struct, Enum
    {
        var fields = eventType.GetFields(BindingFlags.Public | BindingFlags.Instance).Select(f => f.Name).ToHashSet();
        foreach (TKind kind in Enum.GetValues<TKind>())
            Assert.Equal(!withoutPayload.Contains(kind), fields.Contains(kind.ToString()));
        Assert.Equal(Enum.GetValues<TKind>().Length - withoutPayload.Length + 1, fields.Count);
    }
}
