using System.Globalization;
using System.Text;

namespace QuicKestrel.Perf;

/// <summary>Builds the one machine-parseable line a scenario prints: its name, then space-separated key=value pairs (invariant culture).</summary>
internal sealed class ResultLine
{
    private readonly StringBuilder _text;

    public ResultLine(string scenario) => _text = new StringBuilder(scenario);

    public ResultLine Add(string key, long value) => Append(key, value.ToString(CultureInfo.InvariantCulture));

    public ResultLine Add(string key, ulong value) => Append(key, value.ToString(CultureInfo.InvariantCulture));

    public ResultLine Add(string key, double value, int decimals) =>
        Append(key, value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));

    public ResultLine Add(string key, string value) => Append(key, value);

    private ResultLine Append(string key, string value)
    {
        _text.Append(' ').Append(key).Append('=').Append(value);
        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>Parses a line back into its scenario and values (used by tests and scripts that read the output).</summary>
    public static (string Scenario, Dictionary<string, string> Values) Parse(string line)
    {
        string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < parts.Length; i++)
        {
            int equals = parts[i].IndexOf('=');
            if (equals > 0)
                values[parts[i][..equals]] = parts[i][(equals + 1)..];
        }
        return (parts.Length > 0 ? parts[0] : "", values);
    }
}
