namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// One network path (RFC 9000 §8, §9): its addresses, whether the peer's address on it is
/// validated, the bytes counted for the anti-amplification limit (at most three times what was
/// received until validation, RFC 9000 §8.1), the path validation in progress, the PATH_RESPONSE
/// owed on it, and its datagram size (DPLPMTUD).
/// </summary>
internal sealed class PathState
{
    /// <summary>Anti-amplification factor (RFC 9000 §8.1).</summary>
    public const int AmplificationFactor = 3;

    public PathState(PathAddresses addresses, bool validated, int maxDatagramSize)
    {
        Addresses = addresses;
        IsValidated = validated;
        MaxDatagramSize = maxDatagramSize;
    }

    public PathAddresses Addresses { get; }

    /// <summary>The peer's address on this path is proven (no amplification limit).</summary>
    public bool IsValidated { get; private set; }

    public long BytesReceived { get; private set; }

    public long BytesSent { get; private set; }

    /// <summary>The largest UDP payload we send on this path.</summary>
    public int MaxDatagramSize { get; set; }

    /// <summary>How many more bytes may be sent before validation (long.MaxValue once validated).</summary>
    public long AmplificationBudget =>
        IsValidated ? long.MaxValue : Math.Max(0, AmplificationFactor * BytesReceived - BytesSent);

    /// <summary>Data of the PATH_CHALLENGE we are waiting an answer for.</summary>
    public ulong ChallengeData { get; private set; }

    /// <summary>A PATH_CHALLENGE must be (re)sent.</summary>
    public bool ChallengePending { get; set; }

    /// <summary>We are validating this path and wait for a PATH_RESPONSE.</summary>
    public bool IsValidating { get; private set; }

    /// <summary>When validation gives up (RFC 9000 §8.2.4: three times the larger of the PTOs).</summary>
    public long ValidationDeadline { get; private set; } = long.MaxValue;

    /// <summary>When the challenge is sent again if unanswered.</summary>
    public long ChallengeRetryTime { get; set; } = long.MaxValue;

    /// <summary>Data of a PATH_CHALLENGE received on this path that we still owe a PATH_RESPONSE for.</summary>
    public ulong ResponseData { get; private set; }

    public bool ResponsePending { get; set; }

    public void OnDatagramReceived(int bytes) => BytesReceived += bytes;

    public void OnDatagramSent(int bytes) => BytesSent += bytes;

    public void Validate()
    {
        IsValidated = true;
        IsValidating = false;
        ChallengePending = false;
        ValidationDeadline = long.MaxValue;
        ChallengeRetryTime = long.MaxValue;
    }

    public void StartValidation(ulong challenge, long deadline)
    {
        ChallengeData = challenge;
        ChallengePending = true;
        IsValidating = true;
        ValidationDeadline = deadline;
    }

    public void StopValidation()
    {
        IsValidating = false;
        ChallengePending = false;
        ValidationDeadline = long.MaxValue;
        ChallengeRetryTime = long.MaxValue;
    }

    public void OweResponse(ulong data)
    {
        ResponseData = data;
        ResponsePending = true;
    }
}
