[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("EventFrame.Cli.Tests")]
