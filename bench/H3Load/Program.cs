using QuicKestrel.H3Load;

// h3load load <url> [-c connections] [-n requests] [-m streams per connection] [-w warm-up requests] [-t seconds]
// h3load get <url> [-n timed downloads] [-w untimed downloads first] [-t seconds]
// Prints one result line; exit code 0 when every request succeeded.
try
{
    Arguments arguments = Arguments.Parse(args);
    using var timeout = new CancellationTokenSource(arguments.Timeout);
    return arguments.Mode switch
    {
        "load" => await LoadCommand.RunAsync(arguments, timeout.Token),
        "get" => await DownloadCommand.RunAsync(arguments, timeout.Token),
        _ => throw new ArgumentException($"Unknown mode \"{arguments.Mode}\".")
    };
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(Arguments.Usage);
    return 64;
}
catch (QuicKestrel.Http3.Http3Exception exception)
{
    Console.Error.WriteLine($"HTTP/3 failure: {exception.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Timed out (-t).");
    return 2;
}
