namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// A datapath error as a value: the status plus the raw operating-system error (errno on
/// Linux, the SocketError code on the managed fallback; 0 when none) for diagnostics.
/// </summary>
internal readonly record struct DatapathResult(DatapathStatus Status, int OsError = 0)
{
    public static DatapathResult Success => default;

    public bool IsSuccess => Status == DatapathStatus.Success;
}
