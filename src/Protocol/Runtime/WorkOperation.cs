using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// One queued operation, a plain struct stored by value in the worker's queues so enqueuing
/// allocates nothing. Owners see the <see cref="WorkOperationKind.Datagram"/> and
/// <see cref="WorkOperationKind.Signal"/> kinds.
/// </summary>
internal readonly struct WorkOperation
{
    private WorkOperation(WorkOperationKind kind, in ReceivedDatagram datagram, int code, long argument, object? state, CallWaiter? waiter)
    {
        Kind = kind;
        Datagram = datagram;
        Code = code;
        Argument = argument;
        State = state;
        Waiter = waiter;
    }

    public WorkOperationKind Kind { get; }

    /// <summary>The received datagram (kind Datagram); the worker holds one reference to it.</summary>
    public ReceivedDatagram Datagram { get; }

    /// <summary>Owner-defined (kind Signal).</summary>
    public int Code { get; }

    /// <summary>Owner-defined (kind Signal).</summary>
    public long Argument { get; }

    /// <summary>Owner-defined object (kind Signal); the <see cref="WorkCall"/> for kind Call.</summary>
    public object? State { get; }

    /// <summary>The blocked caller of a synchronous call, if any.</summary>
    internal CallWaiter? Waiter { get; }

    internal WorkCall? Call => State as WorkCall;

    internal static WorkOperation ForDatagram(in ReceivedDatagram datagram) =>
        new(WorkOperationKind.Datagram, datagram, 0, 0, null, null);

    internal static WorkOperation ForSignal(int code, long argument, object? state) =>
        new(WorkOperationKind.Signal, default, code, argument, state, null);

    internal static WorkOperation ForCall(WorkCall call, CallWaiter? waiter) =>
        new(WorkOperationKind.Call, default, 0, 0, call, waiter);

    internal static WorkOperation ForKind(WorkOperationKind kind) =>
        new(kind, default, 0, 0, null, null);
}
