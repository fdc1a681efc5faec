using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Api;

/// <summary>The global parameters (no handle): settings, versions, the stateless reset key, counters.</summary>
internal static class GlobalParams
{
    /// <summary>The MsQuic release whose API this library mirrors, reported as the library version.</summary>
    private static readonly uint[] s_libraryVersion = [2, 7, 0, 0];

    public static QuicStatus Get(uint param, ref uint length, Span<byte> buffer)
    {
        switch (param)
        {
            case QuicParam.GlobalRetryMemoryPercent:
                return ParamBuffer.Write(ApiLibrary.GlobalSettings.RetryMemoryLimit, ref length, buffer);
            case QuicParam.GlobalLoadBalancingMode:
                return ParamBuffer.Write((ushort)ApiLibrary.GlobalSettings.LoadBalancingMode, ref length, buffer);
            case QuicParam.GlobalSupportedVersions:
                return WriteVersions(ref length, buffer);
            case QuicParam.GlobalPerfCounters:
                return ApiCounters.Write(ref length, buffer);
            case QuicParam.GlobalLibraryVersion:
                return WriteUInt32s(s_libraryVersion, ref length, buffer);
            case QuicParam.GlobalSettings:
                QuicSettings settings = ApiLibrary.Settings;
                return ParamBuffer.Write(settings, ref length, buffer);
            case QuicParam.GlobalGlobalSettings:
                return ParamBuffer.Write(ApiLibrary.GlobalSettings, ref length, buffer);
            case QuicParam.GlobalLibraryGitHash:
                return WriteString(LibraryRevision(), ref length, buffer);
            case QuicParam.GlobalStatisticsV2Sizes:
                return WriteUInt32s([(uint)QuicStatisticsV2.MinimumSize, (uint)Unsafe.SizeOf<QuicStatisticsV2>()], ref length, buffer);
            default:
                return QuicStatus.InvalidParameter; // unknown, or set-only (the stateless reset key)
        }
    }

    public static QuicStatus Set(uint param, ReadOnlySpan<byte> buffer)
    {
        switch (param)
        {
            case QuicParam.GlobalRetryMemoryPercent when ParamBuffer.TryRead(buffer, out ushort percent):
                return ApiLibrary.ApplyGlobalSettings(new QuicGlobalSettings { RetryMemoryLimit = percent });
            case QuicParam.GlobalLoadBalancingMode when ParamBuffer.TryRead(buffer, out ushort mode):
                return ApiLibrary.ApplyGlobalSettings(new QuicGlobalSettings { LoadBalancingMode = (QuicLoadBalancingMode)mode });
            case QuicParam.GlobalSettings when ParamBuffer.TryRead(buffer, out QuicSettings settings):
                return ApiLibrary.ApplySettings(settings);
            case QuicParam.GlobalGlobalSettings when ParamBuffer.TryRead(buffer, out QuicGlobalSettings global):
                return ApiLibrary.ApplyGlobalSettings(global);
            case QuicParam.GlobalStatelessResetKey when buffer.Length == QuicLimits.StatelessResetKeyLength:
                ApiLibrary.SetStatelessResetKey(buffer);
                return QuicStatus.Success;
            default:
                return QuicStatus.InvalidParameter;
        }
    }

    /// <summary>v1 and v2, each in network byte order (MsQuic's layout).</summary>
    private static QuicStatus WriteVersions(ref uint length, Span<byte> buffer)
    {
        Span<uint> versions = [QuicVersion.V1, QuicVersion.V2];
        for (int i = 0; i < versions.Length; i++)
            versions[i] = BinaryPrimitives.ReverseEndianness(versions[i]);
        return WriteUInt32s(versions, ref length, buffer);
    }

    private static QuicStatus WriteUInt32s(ReadOnlySpan<uint> values, ref uint length, Span<byte> buffer) =>
        ParamBuffer.WriteBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values), ref length, buffer);

    private static QuicStatus WriteString(string value, ref uint length, Span<byte> buffer)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return ParamBuffer.WriteBytes(bytes, ref length, buffer);
    }

    /// <summary>The source revision the assembly records (the informational version's "+hash" part when there is one).</summary>
    private static string LibraryRevision()
    {
        string? version = typeof(GlobalParams).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (version is null)
            return "unknown";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 ? version[(plus + 1)..] : version;
    }
}
