using QuicKestrel.Perf;

return PerfCli.Run(args, Console.Out);
