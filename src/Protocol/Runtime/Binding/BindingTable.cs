using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Runtime.Binding;

/// <summary>
/// Every binding of a library, after MsQuic's QuicLibraryGetBinding: listeners always use the
/// dual-stack wildcard socket of their port and share it (filtering by address themselves); a
/// client gets a binding of its own, on an ephemeral port unless it asks for one. A port a
/// binding of this process already holds cannot be taken by a binding that may not share it
/// (a client asking for a listener's port, a listener asking for a client's):
/// <see cref="DatapathStatus.AddressInUse"/>, as when another process holds it.
/// </summary>
internal sealed class BindingTable
{
    private readonly Lock _gate = new();
    private readonly List<UdpBinding> _bindings = new();
    private UdpBinding? _sharedEphemeral;

    private BindingOptions _options;

    public BindingTable(BindingOptions options) => _options = options;

    /// <summary>What new bindings are made with; open bindings keep theirs.</summary>
    public BindingOptions Options
    {
        get
        {
            lock (_gate)
                return _options;
        }
    }

    public void UpdateOptions(BindingOptions options)
    {
        lock (_gate)
            _options = options;
    }

    public int Count
    {
        get
        {
            lock (_gate)
                return _bindings.Count;
        }
    }

    /// <summary>The listening binding of <paramref name="port"/> (0: a new one on a fresh port), shared and referenced.</summary>
    public DatapathResult AcquireListening(ushort port, out UdpBinding? binding)
    {
        lock (_gate)
        {
            if (port != 0 && Find(port) is { } existing)
            {
                binding = existing.IsServerOwned ? existing : null;
                if (binding is null)
                    return new DatapathResult(DatapathStatus.AddressInUse);
                binding.ReferenceCount++;
                return DatapathResult.Success;
            }
            DatapathResult result = OpenWildcard(port, serverOwned: true, out binding);
            if (result.IsSuccess)
                _bindings.Add(binding!);
            return result;
        }
    }

    /// <summary>
    /// A client binding: on <paramref name="local"/> when given (its port must not be one this
    /// process already binds), else the dual-stack wildcard on an ephemeral port. With
    /// <paramref name="share"/> the connection uses a client binding other sharing connections
    /// use too (the one on that local address, or the process's shared ephemeral one): clients
    /// route by their own connection IDs, so one socket and one receive thread serve them all.
    /// </summary>
    public DatapathResult CreateClient(in UdpEndPoint local, bool share, out UdpBinding? binding)
    {
        binding = null;
        bool ephemeral = local.IsNone || local.Port == 0;
        lock (_gate)
        {
            UdpBinding? existing = ephemeral ? (share ? _sharedEphemeral : null) : Find(local.Port);
            if (existing is not null)
            {
                if (!share || !existing.IsSharedClient)
                    return new DatapathResult(DatapathStatus.AddressInUse);
                existing.ReferenceCount++;
                binding = existing;
                return DatapathResult.Success;
            }
            DatapathResult result = local.IsNone || local.IsWildcard && local.IsIPv6
                ? OpenWildcard(local.IsNone ? (ushort)0 : local.Port, serverOwned: false, out binding, share)
                : UdpBinding.Open(_options, _options.Socket with { LocalEndPoint = local, DualStack = false }, serverOwned: false, out binding, share);
            if (!result.IsSuccess)
                return result;
            _bindings.Add(binding!);
            if (share && ephemeral)
                _sharedEphemeral = binding;
            return result;
        }
    }

    /// <summary>Another user of an open binding (a server connection keeps its socket while it lives).</summary>
    public void AddReference(UdpBinding binding)
    {
        lock (_gate)
            binding.ReferenceCount++;
    }

    /// <summary>Drops a reference; the last one closes the socket (joining its receive thread).</summary>
    public void Release(UdpBinding binding)
    {
        lock (_gate)
        {
            if (--binding.ReferenceCount > 0)
                return;
            _bindings.Remove(binding);
            if (_sharedEphemeral == binding)
                _sharedEphemeral = null;
        }
        binding.Close();
    }

    private UdpBinding? Find(ushort port)
    {
        foreach (UdpBinding binding in _bindings)
        {
            if (binding.LocalEndPoint.Port == port)
                return binding;
        }
        return null;
    }

    /// <summary>[::]:port with IPv4 carried too; a host without IPv6 gets 0.0.0.0:port.</summary>
    private DatapathResult OpenWildcard(ushort port, bool serverOwned, out UdpBinding? binding, bool sharedClient = false)
    {
        UdpSocketOptions options = _options.Socket with { LocalEndPoint = UdpEndPoint.IPv6Any(port), DualStack = true };
        DatapathResult result = UdpBinding.Open(_options, options, serverOwned, out binding, sharedClient);
        if (result.Status is DatapathStatus.InvalidAddress or DatapathStatus.AddressNotAvailable)
            result = UdpBinding.Open(_options, options with { LocalEndPoint = UdpEndPoint.IPv4Any(port), DualStack = false }, serverOwned, out binding, sharedClient);
        return result;
    }
}
