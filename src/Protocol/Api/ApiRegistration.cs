using QuicKestrel.Protocol.Runtime;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// A registration (MsQuic's QUIC_REGISTRATION): the workers its connections run on (a
/// <see cref="WorkerPool"/> sized by the execution profile) and the set of its children
/// (configurations, listeners, connections), so that close can wait for them and shutdown can
/// reach every connection.
/// </summary>
internal sealed class ApiRegistration : ApiObject
{
    private static readonly TimeSpan s_poolDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly HashSet<ApiObject> _children = new();

    public ApiRegistration(QuicRegistrationConfig? config)
        : base(QuicHandleKind.Registration, null)
    {
        AppName = config?.AppName;
        Profile = config?.ExecutionProfile ?? QuicExecutionProfile.LowLatency;
        Pool = new WorkerPool(WorkerPoolOptions.ForProfile((ExecutionProfile)Profile) with
        {
            ThreadName = $"QuicKestrel worker ({AppName ?? "app"})",
        });
    }

    public string? AppName { get; }

    public QuicExecutionProfile Profile { get; }

    public WorkerPool Pool { get; }

    /// <summary>Set by <c>RegistrationShutdown</c>: no new connection is accepted or started.</summary>
    public bool IsShuttingDown { get; private set; }

    public QuicConnectionShutdownFlags ShutdownFlags { get; private set; }

    public ulong ShutdownErrorCode { get; private set; }

    public int ChildCount
    {
        get
        {
            lock (_gate)
                return _children.Count;
        }
    }

    /// <summary>Adds a child; connections are refused once the registration is shutting down.</summary>
    public bool TryAddChild(ApiObject child)
    {
        lock (_gate)
        {
            if (IsShuttingDown && child is ApiConnection)
                return false;
            _children.Add(child);
            return true;
        }
    }

    public void RemoveChild(ApiObject child)
    {
        lock (_gate)
        {
            if (_children.Remove(child) && _children.Count == 0)
                Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// MsQuic RegistrationShutdown: every connection is shut down as by ConnectionShutdown and
    /// every listener stopped; connections opened later are refused.
    /// </summary>
    public void Shutdown(QuicConnectionShutdownFlags flags, ulong errorCode)
    {
        ApiObject[] children;
        lock (_gate)
        {
            if (IsShuttingDown)
                return;
            IsShuttingDown = true;
            ShutdownFlags = flags;
            ShutdownErrorCode = errorCode;
            children = [.. _children];
        }
        foreach (ApiObject child in children)
        {
            if (child is ApiConnection connection)
                connection.Shutdown(flags, errorCode);
            else if (child is ApiListener listener)
                listener.Stop();
        }
    }

    /// <summary>
    /// MsQuic RegistrationClose: waits until the application has closed every child, then stops
    /// the workers (after the connections they still host, e.g. ones other registrations'
    /// listeners accepted here, have drained, within a bound).
    /// </summary>
    public void Close()
    {
        lock (_gate)
        {
            while (_children.Count > 0)
                Monitor.Wait(_gate);
        }
        WaitForHostedConnections();
        Pool.Stop(WorkerPool.DefaultStopTimeout);
    }

    private void WaitForHostedConnections()
    {
        long deadline = Environment.TickCount64 + (long)s_poolDrainTimeout.TotalMilliseconds;
        while (HostedOwners() > 0 && Environment.TickCount64 < deadline)
            Thread.Sleep(5);
    }

    private int HostedOwners()
    {
        int owners = 0;
        foreach (Worker worker in Pool.Workers)
            owners += worker.OwnerCount;
        return owners;
    }
}
