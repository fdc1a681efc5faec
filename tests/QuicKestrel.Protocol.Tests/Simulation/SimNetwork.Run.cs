using System.Net;
using System.Runtime.CompilerServices;

namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>Why the last run returned.</summary>
internal enum SimStopReason
{
    /// <summary>The condition became true.</summary>
    Done,
    /// <summary>The virtual-time limit was reached.</summary>
    Deadline,
    /// <summary>Nothing was left to happen: no datagram in flight, no timer armed.</summary>
    Idle,
}

/// <summary>Thrown when one run processes more events than <see cref="SimNetwork.MaxEventsPerRun"/> (a node spinning).</summary>
internal sealed class SimulationLimitException(string message) : Exception(message);

internal sealed partial class SimNetwork
{
    private long _runEvents;

    /// <summary>Bound on events (deliveries, timeouts, polls) in one run, so a spinning scenario fails instead of hanging.</summary>
    public long MaxEventsPerRun { get; set; } = 50_000_000;

    /// <summary>Events processed over the network's life.</summary>
    public long EventsProcessed { get; private set; }

    public SimStopReason LastStopReason { get; private set; }

    /// <summary>
    /// Runs until <paramref name="done"/> holds (checked after every instant's sends), at most
    /// <paramref name="timeoutMicros"/> of virtual time. False on timeout or when nothing is left
    /// to happen (see <see cref="LastStopReason"/>).
    /// </summary>
    public bool RunUntil(Func<bool> done, long timeoutMicros)
    {
        ArgumentNullException.ThrowIfNull(done);
        return Run(done, Deadline(timeoutMicros), stopWhenIdle: true) == SimStopReason.Done;
    }

    /// <summary>Runs for exactly <paramref name="durationMicros"/> of virtual time.</summary>
    public void RunFor(long durationMicros)
    {
        long deadline = Deadline(durationMicros);
        Run(null, deadline, stopWhenIdle: false);
        Now = deadline;
    }

    /// <summary>Runs until no datagram is in flight and no timer is armed; false if that takes longer than the limit.</summary>
    public bool RunUntilIdle(long timeoutMicros) =>
        Run(null, Deadline(timeoutMicros), stopWhenIdle: true) == SimStopReason.Idle;

    private long Deadline(long durationMicros)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(durationMicros);
        return long.MaxValue - Now < durationMicros ? long.MaxValue : Now + durationMicros;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SimStopReason Run(Func<bool>? done, long deadline, bool stopWhenIdle)
    {
        _runEvents = 0;
        foreach (var host in _hosts)
            MarkDirty(host);
        while (true)
        {
            PumpDirtyHosts();
            if (done is not null && done())
                return LastStopReason = SimStopReason.Done;
            if (!_events.TryPeekTime(out long next))
            {
                if (stopWhenIdle)
                    return LastStopReason = SimStopReason.Idle;
                Now = deadline;
                return LastStopReason = SimStopReason.Deadline;
            }
            if (next > deadline)
            {
                Now = deadline;
                return LastStopReason = SimStopReason.Deadline;
            }
            Now = next;
            ProcessDueEvents();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ProcessDueEvents()
    {
        while (_events.TryPeekTime(out long time) && time <= Now)
        {
            CountEvent();
            SimEvent due = _events.Pop();
            switch (due.Kind)
            {
                case SimEventKind.Deliver:
                    Deliver(due.Target);
                    break;
                case SimEventKind.Timer:
                    FireTimer(_hosts[due.Target], due.Generation);
                    break;
                default:
                    RunAction(due.Target);
                    break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Deliver(int slot)
    {
        InFlightDatagram datagram = _inFlight.Get(slot);
        _inFlight.Release(slot);
        SimHost host = datagram.Link.To;
        Span<byte> data = datagram.Buffer.AsSpan(0, datagram.Length);
        datagram.Link.Stats.OnDelivered(datagram.Length);
        host.Stats.OnReceived(datagram.Length);
        Trace?.Invoke(new SimTraceEvent
        {
            Time = Now, Kind = SimTraceKind.Deliver, Host = host, Link = datagram.Link, From = datagram.From,
            To = datagram.To, Ecn = datagram.Ecn, Effects = datagram.Effects, Data = data,
        });
        host.Node.HandleDatagram(Now, data, datagram.From, datagram.To, datagram.Ecn);
        _pool.Return(datagram.Buffer);
        MarkDirty(host);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FireTimer(SimHost host, int generation)
    {
        if (generation != host.TimerGeneration)
            return;
        host.ArmedTimeout = long.MaxValue;
        MarkDirty(host);
        long? due = host.Node.NextTimeout();
        if (due is null || due.Value > Now)
            return;
        host.Stats.OnTimeout();
        Trace?.Invoke(new SimTraceEvent { Time = Now, Kind = SimTraceKind.Timeout, Host = host });
        host.Node.HandleTimeout(Now);
    }

    private void RunAction(int index)
    {
        Action action = _actions[index]!;
        _actions[index] = null;
        action();
        foreach (var host in _hosts)
            MarkDirty(host);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PumpDirtyHosts()
    {
        // Pumping only schedules future events, so the list cannot grow while we walk it.
        for (int i = 0; i < _dirty.Count; i++)
        {
            SimHost host = _dirty[i];
            host.Dirty = false;
            DrainTransmits(host);
            ArmTimer(host);
        }
        _dirty.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrainTransmits(SimHost host)
    {
        while (true)
        {
            CountEvent();
            if (!host.Node.PollTransmit(Now, _sendBuffer, out SimTransmit transmit))
                return;
            if (transmit.Length <= 0 || transmit.Length > _sendBuffer.Length || transmit.SegmentSize < 0 || transmit.Destination is null)
                throw new InvalidOperationException($"{host.Name} returned an invalid transmit: {transmit}.");
            host.Stats.OnTransmit();
            SendSegments(host, transmit);
        }
    }

    /// <summary>Splits a GSO buffer into datagrams of the segment size (the last may be shorter).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SendSegments(SimHost host, in SimTransmit transmit)
    {
        int segment = transmit.SegmentSize > 0 && transmit.SegmentSize < transmit.Length ? transmit.SegmentSize : transmit.Length;
        IPEndPoint from = transmit.Source ?? host.Address;
        SimLink? link = _hostsByAddress.TryGetValue(transmit.Destination, out SimHost? destination) ? host.LinkTo(destination) : null;
        for (int offset = 0; offset < transmit.Length; offset += segment)
        {
            Span<byte> datagram = _sendBuffer.AsSpan(offset, Math.Min(segment, transmit.Length - offset));
            host.Stats.OnSent(datagram.Length);
            if (link is not null)
            {
                link.Offer(Now, datagram, from, transmit.Destination, transmit.Ecn);
                continue;
            }
            host.Stats.OnUnroutable();
            Trace?.Invoke(new SimTraceEvent
            {
                Time = Now, Kind = SimTraceKind.Drop, Host = host, From = from, To = transmit.Destination,
                Ecn = transmit.Ecn, Cause = DropCause.Unroutable, Data = datagram,
            });
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ArmTimer(SimHost host)
    {
        long? next = host.Node.NextTimeout();
        long time = next is null ? long.MaxValue : Math.Max(next.Value, Now);
        if (time == host.ArmedTimeout)
            return;
        host.ArmedTimeout = time;
        host.TimerGeneration++;
        if (time != long.MaxValue)
            _events.Push(time, SimEventKind.Timer, host.Id, host.TimerGeneration);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CountEvent()
    {
        EventsProcessed++;
        if (++_runEvents > MaxEventsPerRun)
        {
            throw new SimulationLimitException(
                $"The simulation passed {MaxEventsPerRun} events in one run at virtual time {Now} µs; " +
                "a node may be spinning (sending or timing out without end).");
        }
    }

    internal void TraceSend(SimLink link, long index, ReadOnlySpan<byte> data, IPEndPoint from, IPEndPoint to, EcnCodepoint ecn) =>
        Trace?.Invoke(new SimTraceEvent
        {
            Time = Now, Kind = SimTraceKind.Send, Host = link.From, Link = link, Index = index,
            From = from, To = to, Ecn = ecn, Data = data,
        });

    internal void TraceDrop(SimLink link, long index, ReadOnlySpan<byte> data, IPEndPoint from, IPEndPoint to, DropCause cause) =>
        Trace?.Invoke(new SimTraceEvent
        {
            Time = Now, Kind = SimTraceKind.Drop, Host = link.From, Link = link, Index = index,
            From = from, To = to, Cause = cause, Data = data,
        });
}
