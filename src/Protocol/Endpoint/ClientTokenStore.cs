namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// The client's NEW_TOKEN tokens, keyed by server name (RFC 9000 §8.1.3: a token applies to
/// the server it came from). Bounded LRU over server names, a few tokens per name; taking a
/// token removes it (a token is not reused across connection attempts, §8.1.3, to avoid
/// linking them), newest first (the most likely to still be valid). Shared by the client
/// connections of a configuration, so it locks; touched once per connection.
/// </summary>
internal sealed class ClientTokenStore
{
    public const int DefaultServerCapacity = 256;
    public const int DefaultTokensPerServer = 4;
    public const int MaxTokenLength = 1024;

    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly LinkedList<Entry> _recency = new();
    private readonly int _serverCapacity;
    private readonly int _tokensPerServer;

    public ClientTokenStore(int serverCapacity = DefaultServerCapacity, int tokensPerServer = DefaultTokensPerServer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(serverCapacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerServer);
        _serverCapacity = serverCapacity;
        _tokensPerServer = tokensPerServer;
    }

    public int ServerCount
    {
        get { lock (_lock) return _byName.Count; }
    }

    /// <summary>Keeps a token received in a NEW_TOKEN frame from <paramref name="serverName"/>; empty or oversized tokens are ignored.</summary>
    public void Add(string serverName, ReadOnlySpan<byte> token)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        if (token.IsEmpty || token.Length > MaxTokenLength)
            return;
        byte[] copy = token.ToArray();
        lock (_lock)
        {
            if (!_byName.TryGetValue(serverName, out LinkedListNode<Entry>? node))
            {
                if (_byName.Count >= _serverCapacity)
                    Evict(_recency.Last!);
                node = _recency.AddFirst(new Entry(serverName));
                _byName.Add(serverName, node);
            }
            else
            {
                Touch(node);
            }
            List<byte[]> tokens = node.Value.Tokens;
            if (tokens.Count >= _tokensPerServer)
                tokens.RemoveAt(0);
            tokens.Add(copy);
        }
    }

    /// <summary>Removes and returns the newest token for <paramref name="serverName"/>.</summary>
    public bool TryTake(string serverName, out byte[] token)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        lock (_lock)
        {
            if (!_byName.TryGetValue(serverName, out LinkedListNode<Entry>? node))
            {
                token = [];
                return false;
            }
            List<byte[]> tokens = node.Value.Tokens;
            token = tokens[^1];
            tokens.RemoveAt(tokens.Count - 1);
            if (tokens.Count == 0)
                Evict(node);
            else
                Touch(node);
            return true;
        }
    }

    private void Touch(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _recency.AddFirst(node);
    }

    private void Evict(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _byName.Remove(node.Value.ServerName);
    }

    private sealed class Entry(string serverName)
    {
        public string ServerName { get; } = serverName;

        public List<byte[]> Tokens { get; } = new();
    }
}
