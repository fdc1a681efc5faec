using System.Text;

namespace QuicKestrel.Perf.Tests;

/// <summary>A text writer another thread may write to while the test reads what it has so far.</summary>
internal sealed class LockedWriter : TextWriter
{
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_text)
                return _text.ToString();
        }
    }

    public override void Write(char value)
    {
        lock (_text)
            _text.Append(value);
    }

    public override void Write(string? value)
    {
        lock (_text)
            _text.Append(value);
    }
}
