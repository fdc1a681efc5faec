using QuicKestrel.Transport.Tests.Infrastructure;

namespace QuicKestrel.Transport.Tests.Interop;

/// <summary>
/// A real browser as the HTTP/3 client: headless Chromium, forced onto QUIC for the WebApp's
/// origin, loads the home page. Each run carries a unique query string so the server-side
/// record of that very request can be checked: HTTP/3, from Chromium, on a connection our
/// transport accepted from loopback.
/// </summary>
[Trait(TransportHarness.TraitName, TransportHarness.TraitValue)]
public class ChromiumTests(ChromiumWebAppFactory factory) : IClassFixture<ChromiumWebAppFactory>
{
    public const string ScreenshotName = "chromium-http3.png";

    [Fact]
    public async Task Chromium_loads_the_home_page_over_http3()
    {
        string path = UniquePath();
        Chromium.Result result = await Chromium.DumpDomAsync(factory.Port, factory.SpkiHash, path);

        Assert.True(result.Output.Contains("<p id=\"protocol\">HTTP/3</p>", StringComparison.Ordinal),
            $"The page Chromium rendered does not say HTTP/3.\nDOM:\n{result.Output}\nstderr:\n{result.Diagnostics}");
        Assert.Contains("<title>QuicKestrel: HTTP/3</title>", result.Output);
        Assert.Equal(0, result.ExitCode);
        AssertArrivedOverOurQuicTransport(path);
    }

    [Fact]
    public async Task Chromium_screenshot_of_the_http3_page_is_kept_in_test_artifacts()
    {
        string path = UniquePath();
        string png = TestArtifacts.PathOf(ScreenshotName);
        File.Delete(png);
        Chromium.Result result = await Chromium.ScreenshotAsync(factory.Port, factory.SpkiHash, path, png);

        Assert.True(File.Exists(png), $"Chromium wrote no screenshot (exit code {result.ExitCode}).\nstderr:\n{result.Diagnostics}");
        PngImage image = PngImage.Decode(await File.ReadAllBytesAsync(png));
        Assert.Equal((1024, 768), (image.Width, image.Height));
        // The page is black text on white: a blank render has no
        // dark pixels; this page has about 5,000 (the large "HTTP/3" heading most of them).
        long dark = image.CountDarkPixels();
        Assert.InRange(dark, 1_500, image.Width * image.Height / 10);
        AssertArrivedOverOurQuicTransport(path);
    }

    private static string UniquePath() => $"/?run={Guid.NewGuid():N}";

    /// <summary>The request for <paramref name="path"/> came from Chromium as HTTP/3 on a QUIC connection QuicKestrel.Transport accepted from 127.0.0.1.</summary>
    private void AssertArrivedOverOurQuicTransport(string path)
    {
        RequestRecorder.Seen[] seen = [.. factory.Requests.Requests.Where(r => r.PathAndQuery == path)];
        Assert.NotEmpty(seen);
        Assert.All(seen, request =>
        {
            Assert.Equal("HTTP/3", request.Protocol);
            Assert.Contains("Chrome", request.UserAgent);
            string accepted = $"Connection id \"{request.ConnectionId}\": accepted QUIC connection from 127.0.0.1:";
            Assert.Contains(factory.Logs.Messages, m =>
                m.Category == "QuicKestrel.Transport" && m.EventName == "ConnectionAccepted" && m.Message.StartsWith(accepted, StringComparison.Ordinal));
        });
    }
}
