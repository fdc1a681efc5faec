namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// The version_information transport parameter (RFC 9368 §3): the sender's chosen version and
/// the versions it could use. Downgrade checks against the connection's versions (§4) are the
/// connection's job; the parse rules are checked here.
/// </summary>
internal sealed class VersionInformation
{
    public required uint ChosenVersion { get; init; }

    public required uint[] AvailableVersions { get; init; }

    internal int EncodedLength => 4 * (1 + AvailableVersions.Length);

    internal bool TryWrite(ref SpanWriter writer)
    {
        if (writer.Remaining < EncodedLength)
            return false;
        writer.TryWriteUInt32(ChosenVersion);
        foreach (uint version in AvailableVersions)
            writer.TryWriteUInt32(version);
        return true;
    }

    /// <summary>
    /// RFC 9368 §4: a value that is not a non-empty multiple of four bytes, a zero version, or
    /// (from a client) a chosen version missing from the available versions is a parsing failure.
    /// </summary>
    internal static bool TryRead(ReadOnlySpan<byte> value, EndpointRole sender, out VersionInformation? information, out string? failure)
    {
        information = null;
        if (value.Length < 4 || value.Length % 4 != 0)
        {
            failure = "version_information length is not a positive multiple of 4";
            return false;
        }
        var list = new VersionList(value);
        uint chosen = list[0];
        var available = new uint[list.Count - 1];
        for (int i = 0; i < available.Length; i++)
            available[i] = list[i + 1];
        if (chosen == 0 || Array.IndexOf(available, 0u) >= 0)
        {
            failure = "version_information holds version 0";
            return false;
        }
        if (sender == EndpointRole.Client && Array.IndexOf(available, chosen) < 0)
        {
            failure = "client's chosen version missing from its available versions";
            return false;
        }
        information = new VersionInformation { ChosenVersion = chosen, AvailableVersions = available };
        failure = null;
        return true;
    }
}
