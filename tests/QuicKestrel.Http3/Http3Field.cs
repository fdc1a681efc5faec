namespace QuicKestrel.Http3;

/// <summary>
/// One HTTP field line (a header or trailer): a lowercase name and a value. On the wire both
/// travel as octets; names are ASCII and values are mapped one char to one octet (Latin-1),
/// so every octet value 0–255 round-trips.
/// </summary>
/// <param name="Name">The field name, lowercase (RFC 9114 §4.2); pseudo-headers start with ':'.</param>
/// <param name="Value">The field value.</param>
public readonly record struct Http3Field(string Name, string Value)
{
    /// <summary>Shows the field as "name: value".</summary>
    /// <returns>The field in HTTP/1 style.</returns>
    public override string ToString() => $"{Name}: {Value}";
}
