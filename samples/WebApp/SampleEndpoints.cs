namespace WebApp;

/// <summary>The sample's endpoints and URL defaults.</summary>
public static class SampleEndpoints
{
    /// <summary>Where the sample listens when neither --urls nor Kestrel endpoints are configured.</summary>
    public const string DefaultUrl = "https://127.0.0.1:5001";

    /// <summary>The largest body /bytes/{n} serves (1 GiB).</summary>
    public const long MaxBytes = 1L << 30;

    private const int ChunkSize = 16 * 1024;

    /// <summary>True when --urls, ASPNETCORE_URLS / URLS or Kestrel:Endpoints say where to listen.</summary>
    public static bool AreConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"]) || configuration.GetSection("Kestrel:Endpoints").Exists();

    /// <summary>GET /bytes/{n}: n bytes of <see cref="DeterministicContent"/>.</summary>
    public static async Task WriteBytesAsync(HttpContext context, long count)
    {
        if (count is < 0 or > MaxBytes)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"n must be between 0 and {MaxBytes}.");
            return;
        }
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = count;
        var body = context.Response.BodyWriter;
        for (long offset = 0; offset < count;)
        {
            int length = (int)Math.Min(ChunkSize, count - offset);
            DeterministicContent.Fill(body.GetSpan(length)[..length], offset);
            body.Advance(length);
            offset += length;
            var flush = await body.FlushAsync(context.RequestAborted);
            if (flush.IsCanceled || flush.IsCompleted)
                return;
        }
    }

    /// <summary>POST /echo: the request body back, with its content type.</summary>
    public static async Task EchoAsync(HttpContext context)
    {
        context.Response.ContentType = context.Request.ContentType ?? "application/octet-stream";
        if (context.Request.ContentLength is long length)
            context.Response.ContentLength = length;
        await context.Request.BodyReader.CopyToAsync(context.Response.BodyWriter, context.RequestAborted);
    }
}
