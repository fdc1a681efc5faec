namespace QuicKestrel.Protocol.Runtime;

internal sealed partial class Worker
{
    private void Run()
    {
        t_current = this;
        while (!IsStopping)
        {
            try
            {
                RunPass();
            }
            catch (Exception exception)
            {
                // Owner code is guarded per owner; reaching here is a bug in the loop itself.
                // Report it and keep serving the other owners.
                ReportFault(null, exception);
            }
        }
        Shutdown();
    }

    /// <summary>
    /// One pass: wait until something is due, route new operations to their owners, fire
    /// expired timers, then give each owner that was ready at that point one turn.
    /// </summary>
    private void RunPass()
    {
        WaitForWork();
        RouteInbox();
        FireTimers();
        DrainReadyOwners();
    }

    private void WaitForWork()
    {
        if (_ready.Count > 0)
            return;
        int timeoutMilliseconds = Timeout.Infinite;
        long next = _timers.NextDeadline;
        if (next != MonotonicClock.Never)
        {
            long remaining = next - MonotonicClock.NowMicros;
            if (remaining <= 0)
                return;
            // Waits take whole milliseconds: round up, so the wait never ends before the deadline.
            timeoutMilliseconds = (int)Math.Min((remaining + 999) / 1000, int.MaxValue - 1);
        }
        _inbox.WaitForWork(timeoutMilliseconds);
    }

    private void RouteInbox()
    {
        Span<InboxEntry> taken = _inbox.TakeAll();
        foreach (ref InboxEntry entry in taken)
            Route(entry.Owner, in entry.Operation);
        _inbox.ReleaseTaken(taken.Length);
    }

    private void Route(WorkOwnerHandle owner, in WorkOperation operation)
    {
        if (owner.IsDetached)
        {
            CancelOperation(in operation);
            return;
        }
        if (operation.Kind == WorkOperationKind.Datagram)
        {
            if (owner.QueuedDatagrams >= _options.MaxQueuedDatagramsPerOwner)
            {
                operation.Datagram.Release();
                owner.CountDroppedDatagram();
                return;
            }
            owner.QueuedDatagrams++;
        }
        owner.Pending.Enqueue(in operation);
        MarkReady(owner);
    }

    private void FireTimers()
    {
        long now = MonotonicClock.NowMicros;
        while (_timers.TryPopExpired(now, out TimerEntry? entry))
        {
            var owner = (WorkOwnerHandle)entry!;
            try
            {
                // The deadline may have moved since it was armed (an inline call changed it).
                long deadline = owner.Owner.NextDeadline;
                if (deadline > now)
                {
                    _timers.Set(owner, deadline);
                    continue;
                }
                Volatile.Write(ref _timersFired, _timersFired + 1);
                owner.Owner.OnTimer(now);
                MarkReady(owner);
            }
            catch (Exception exception)
            {
                Quarantine(owner, exception);
            }
        }
    }

    private void DrainReadyOwners()
    {
        // Only the owners ready now: one that stays busy re-queues behind the others.
        // Stopping ends the pass early; the rest is dropped by Shutdown.
        for (int turns = _ready.Count; turns > 0 && !IsStopping && _ready.TryDequeue(out WorkOwnerHandle? owner); turns--)
        {
            owner.InReadyQueue = false;
            if (!owner.IsDetached)
                Turn(owner);
        }
    }

    /// <summary>
    /// Up to MaxOperationsPerDrain operations, then one flush, then the timer re-armed from
    /// the owner's next deadline (MsQuic drains a connection the same way).
    /// </summary>
    private void Turn(WorkOwnerHandle owner)
    {
        try
        {
            for (int budget = _options.MaxOperationsPerDrain; budget > 0 && !owner.IsDetached; budget--)
            {
                if (!owner.Pending.TryDequeue(out WorkOperation operation))
                    break;
                Deliver(owner, in operation);
            }
            if (owner.IsDetached)
                return;
            owner.Owner.Flush(MonotonicClock.NowMicros, _context);
            if (owner.IsDetached)
                return;
            _timers.Set(owner, owner.Owner.NextDeadline);
            if (owner.Pending.Count > 0)
                MarkReady(owner);
            Volatile.Write(ref _turns, _turns + 1);
        }
        catch (Exception exception)
        {
            Quarantine(owner, exception);
        }
    }

    private void Deliver(WorkOwnerHandle owner, in WorkOperation operation)
    {
        long now = MonotonicClock.NowMicros;
        Volatile.Write(ref _operationsProcessed, _operationsProcessed + 1);
        switch (operation.Kind)
        {
            case WorkOperationKind.Datagram:
                owner.QueuedDatagrams--;
                try
                {
                    owner.Owner.ProcessOperation(in operation, now);
                }
                finally
                {
                    operation.Datagram.Release();
                }
                break;
            case WorkOperationKind.Signal:
                owner.Owner.ProcessOperation(in operation, now);
                break;
            case WorkOperationKind.Call:
                ExecuteCall(in operation, now);
                break;
            case WorkOperationKind.Wake:
                owner.ClearWakeRequest();
                break;
            case WorkOperationKind.Close:
                Detach(owner);
                break;
        }
    }

    private static void ExecuteCall(in WorkOperation operation, long now)
    {
        try
        {
            operation.Call!.Execute(now);
        }
        catch
        {
            operation.Waiter?.Complete(WorkCallStatus.Faulted);
            throw;
        }
        operation.Waiter?.Complete(WorkCallStatus.Completed);
    }

    /// <summary>Owner code threw: detach the owner so a broken one cannot spin or corrupt the worker.</summary>
    private void Quarantine(WorkOwnerHandle owner, Exception exception)
    {
        Detach(owner);
        ReportFault(owner.Owner, exception);
    }
}
