using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Benchmarks.Connection;

/// <summary>
/// Bulk transfer between two in-memory connections (no link, no delay): the whole per-packet
/// path of both sides — STREAM packetisation, packet protection, ACK generation and processing,
/// loss recovery and congestion control, stream reassembly and reads. One operation moves 4 MiB
/// on a long-lived stream (about 2,900 datagrams plus ACKs), so the allocation column is the
/// steady state's; the Gbit/s column is the goodput. Null protection shows the state machine
/// alone, AES-GCM the real cost.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GoodputConfig))]
public class ConnectionTransferBenchmarks
{
    public const long BytesPerOperation = 4L << 20;

    private InMemoryConnectionPair _pair = null!;

    [Params("Null", "AesGcm")]
    public string Protection { get; set; } = "AesGcm";

    [GlobalSetup]
    public void Setup()
    {
        _pair = new InMemoryConnectionPair(Protection == "Null" ? PacketProtectionProvider.Null : PacketProtectionProvider.Aead);
        _pair.Handshake();
        _pair.Transfer(32L << 20); // windows, rings and pools reach their working size
    }

    [GlobalCleanup]
    public void Cleanup() => _pair.Dispose();

    [Benchmark(Description = "4 MiB client to server")]
    public long Transfer()
    {
        _pair.Transfer(BytesPerOperation);
        return _pair.BytesReceived;
    }

    private sealed class GoodputConfig : ManualConfig
    {
        public GoodputConfig() => AddColumn(new GoodputColumn());
    }

    /// <summary>Goodput from the mean time per operation.</summary>
    private sealed class GoodputColumn : IColumn
    {
        public string Id => nameof(GoodputColumn);
        public string ColumnName => "Gbit/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Goodput: bytes per operation over the mean time";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            double? nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return nanoseconds is > 0 ? (BytesPerOperation * 8 / nanoseconds.Value).ToString("F2") : "-";
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
