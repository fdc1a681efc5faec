using System.Buffers.Binary;
using System.Text;

namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>
/// Keeps the last lines of a trace for failure messages, and a fingerprint of every event
/// (times, kinds, links, lengths, bytes) to compare runs. Use as <c>net.Trace = recorder.Record</c>.
/// Allocates per event; for debugging and determinism checks only.
/// </summary>
internal sealed class SimTraceRecorder(int capacity = 10_000)
{
    private readonly Queue<string> _lines = new();
    private ulong _fingerprint = 0xcbf29ce484222325;

    public long Count { get; private set; }

    /// <summary>An FNV-style hash (over 64-bit words) of everything recorded.</summary>
    public ulong Fingerprint => _fingerprint;

    /// <summary>The last <c>capacity</c> events, oldest first.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    public void Record(in SimTraceEvent e)
    {
        Count++;
        Mix((ulong)e.Time);
        Mix((ulong)e.Kind | (ulong)e.Cause << 8 | (ulong)e.Effects << 16 | (ulong)e.Ecn << 24);
        Mix((ulong)(e.Host?.Id ?? -1) << 32 | (uint)(e.Link?.To.Id ?? -1));
        Mix((ulong)e.Index);
        MixData(e.Data);
        if (capacity <= 0)
            return;
        if (_lines.Count == capacity)
            _lines.Dequeue();
        _lines.Enqueue(Format(e));
    }

    public override string ToString() => string.Join(Environment.NewLine, _lines);

    public static string Format(in SimTraceEvent e)
    {
        var text = new StringBuilder();
        text.Append($"{e.Time / 1_000_000}.{e.Time % 1_000_000:D6} {e.Kind,-7} ");
        text.Append(e.Link?.Name ?? e.Host?.Name);
        if (e.Index > 0)
            text.Append($" #{e.Index}");
        if (e.Kind != SimTraceKind.Timeout)
            text.Append($" {e.Data.Length}B {e.From} -> {e.To}");
        if (e.Kind == SimTraceKind.Drop)
            text.Append($" ({e.Cause})");
        if (e.Effects != DatagramEffects.None)
            text.Append($" [{e.Effects}]");
        if (e.Ecn != EcnCodepoint.NotEct)
            text.Append($" {e.Ecn}");
        return text.ToString();
    }

    private void Mix(ulong value) => _fingerprint = (_fingerprint ^ value) * 0x100000001b3;

    private void MixData(ReadOnlySpan<byte> data)
    {
        Mix((ulong)data.Length);
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
            Mix(BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        for (; i < data.Length; i++)
            Mix(data[i]);
    }
}
