namespace QuicKestrel.Http3.Protocol;

/// <summary>The request pseudo-header values (RFC 9114 §4.3.1).</summary>
internal readonly record struct RequestHead(string Method, string? Scheme, string? Authority, string? Path);

/// <summary>
/// Checks that decoded field sections form well-formed HTTP/3 messages (RFC 9114 §4.2, §4.3,
/// §4.4). Each check returns <see langword="null"/> when valid or a constant reason when the
/// message is malformed (a stream error of type H3_MESSAGE_ERROR, §4.1.2).
/// </summary>
internal static class FieldValidator
{
    // RFC 9110 §5.6.2 token characters, lowercase letters only (§4.2: uppercase is malformed).
    private static readonly System.Buffers.SearchValues<char> s_nameChars =
        System.Buffers.SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz");

    public static string? ValidateRequest(List<Http3Field> fields, out RequestHead head)
    {
        head = default;
        string? method = null, scheme = null, authority = null, path = null;
        int regular = FindFirstRegular(fields);
        for (int i = 0; i < regular; i++)
        {
            Http3Field field = fields[i];
            ref string? slot = ref method;
            switch (field.Name)
            {
                case ":method": slot = ref method; break;
                case ":scheme": slot = ref scheme; break;
                case ":authority": slot = ref authority; break;
                case ":path": slot = ref path; break;
                default: return "unknown or response pseudo-header in a request";
            }
            if (slot is not null)
                return "duplicate pseudo-header";
            if (!IsValidValue(field.Value))
                return "invalid character in a pseudo-header value";
            slot = field.Value;
        }
        string? problem = ValidateRegularFields(fields, regular);
        if (problem is not null)
            return problem;
        if (method is null)
            return "missing :method";
        head = new RequestHead(method, scheme, authority, path);
        return method == "CONNECT" ? ValidateConnect(head) : ValidateOrdinaryRequest(head, fields, regular);
    }

    public static string? ValidateResponse(List<Http3Field> fields, out int status)
    {
        status = 0;
        int regular = FindFirstRegular(fields);
        for (int i = 0; i < regular; i++)
        {
            Http3Field field = fields[i];
            if (field.Name != ":status")
                return "unknown or request pseudo-header in a response";
            if (status != 0)
                return "duplicate :status";
            if (!TryParseStatus(field.Value, out status))
                return "invalid :status";
        }
        if (status == 0)
            return "missing :status";
        return ValidateRegularFields(fields, regular);
    }

    // §4.3: trailers carry no pseudo-headers.
    public static string? ValidateTrailers(List<Http3Field> fields) =>
        FindFirstRegular(fields) != 0 ? "pseudo-header in trailers" : ValidateRegularFields(fields, 0);

    /// <summary>Reads content-length (RFC 9110 §8.6); several equal values count as one.</summary>
    public static string? TryGetContentLength(List<Http3Field> fields, out long? contentLength)
    {
        contentLength = null;
        foreach (Http3Field field in fields)
        {
            if (field.Name != "content-length")
                continue;
            if (!long.TryParse(field.Value, System.Globalization.NumberStyles.None, null, out long value))
                return "invalid content-length";
            if (contentLength is not null && contentLength != value)
                return "conflicting content-length values";
            contentLength = value;
        }
        return null;
    }

    private static int FindFirstRegular(List<Http3Field> fields)
    {
        int i = 0;
        while (i < fields.Count && fields[i].Name.StartsWith(':'))
            i++;
        return i;
    }

    private static string? ValidateRegularFields(List<Http3Field> fields, int start)
    {
        for (int i = start; i < fields.Count; i++)
        {
            Http3Field field = fields[i];
            if (field.Name.Length == 0 || field.Name.AsSpan().ContainsAnyExcept(s_nameChars))
                return field.Name.StartsWith(':') ? "pseudo-header after a regular field" : "invalid field name";
            if (!IsValidValue(field.Value))
                return "invalid character in a field value";
            // §4.2: connection-specific fields are malformed; TE may only be "trailers".
            if (field.Name is "connection" or "keep-alive" or "proxy-connection" or "transfer-encoding" or "upgrade")
                return "connection-specific field";
            if (field.Name == "te" && field.Value != "trailers")
                return "te other than trailers";
        }
        return null;
    }

    // §4.3.1: http and https requests need :scheme, a non-empty :path and an authority.
    private static string? ValidateOrdinaryRequest(RequestHead head, List<Http3Field> fields, int regular)
    {
        if (head.Scheme is null || head.Path is null)
            return "missing :scheme or :path";
        if (head.Path.Length == 0)
            return "empty :path";
        bool hasHost = false;
        for (int i = regular; i < fields.Count; i++)
            hasHost |= fields[i].Name == "host";
        if (head.Scheme is "http" or "https" && string.IsNullOrEmpty(head.Authority) && !hasHost)
            return "missing :authority and host";
        return null;
    }

    // §4.4: CONNECT has :authority but neither :scheme nor :path.
    private static string? ValidateConnect(RequestHead head) =>
        head.Authority is null || head.Scheme is not null || head.Path is not null ? "malformed CONNECT request" : null;

    private static bool TryParseStatus(string value, out int status)
    {
        status = 0;
        if (value.Length != 3 || !int.TryParse(value, System.Globalization.NumberStyles.None, null, out int parsed))
            return false;
        if (parsed is < 100 or > 599)
            return false;
        status = parsed;
        return true;
    }

    // §4.2: field values must not contain NUL, CR or LF.
    private static bool IsValidValue(string value) => value.AsSpan().IndexOfAny('\0', '\r', '\n') < 0;
}
