using System.CommandLine;
using EventFrame.Cli;

return CliApp.Build(Console.Out, Console.Error).Parse(args).Invoke();
