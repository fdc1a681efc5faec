using System.Net;

namespace WebApp;

/// <summary>The sample's HTML.</summary>
public static class SamplePages
{
    /// <summary>The home page: which HTTP version served it, in large letters.</summary>
    public static string Home(string protocol)
    {
        string encoded = WebUtility.HtmlEncode(protocol);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>QuicKestrel: {{encoded}}</title>
              <style>
                body { font-family: sans-serif; margin: 4em; }
                #protocol { font-size: 4em; font-weight: bold; }
              </style>
            </head>
            <body>
              <p>This page was served over</p>
              <p id="protocol">{{encoded}}</p>
              <p>by Kestrel on QuicKestrel. Try <a href="/hello">/hello</a> or <a href="/bytes/1024">/bytes/1024</a>.</p>
            </body>
            </html>
            """;
    }
}
