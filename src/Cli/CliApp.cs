using System.CommandLine;
using System.Globalization;
using EventFrame.Histograms;
using EventFrame.IO.Root;

namespace EventFrame.Cli;

/// <summary>The <c>eventframe</c> command line: <c>ls</c> and <c>hist</c>.</summary>
public static class CliApp
{
    /// <summary>Builds the command tree writing results to <paramref name="output"/> and errors to <paramref name="error"/>.</summary>
    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("eventframe: columnar event processing for HEP (ROOT files, histograms, analyses)");
        root.Options.Add(new Option<string?>(CacheOption)
        {
            Recursive = true,
            Description = "Keep blocks of remote files (root://, http(s)://) in this directory so that later passes read them locally " +
                $"(default ${EventFrame.IO.Bytes.CacheOptions.DirectoryVariable}; bound ${EventFrame.IO.Bytes.CacheOptions.MaxBytesVariable}, default 10G)",
        });
        root.Subcommands.Add(LsCommand(output, error));
        root.Subcommands.Add(HistCommand(output, error));
        root.Subcommands.Add(GenerateCommand(output, error));
        var worker = new Command("worker", "Run one distributed task: a plan and partitions as JSON on standard input, partial results as JSON on standard output");
        worker.SetAction(_ => Distributed.Worker.Run(Console.In, output, error));
        root.Subcommands.Add(worker);
        return root;
    }

    private static Command LsCommand(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "A ROOT file (path or URL), or a root:// directory or glob" };
        var command = new Command("ls", "List a ROOT file: directories, keys, trees with entries and branches (type, bytes, baskets), RNTuple fields") { file };
        command.SetAction(parse => Guard(parse, error, () =>
        {
            RootListing.Write(parse.GetValue(file)!, output);
            return 0;
        }));
        return command;
    }

    private static Command HistCommand(TextWriter output, TextWriter error)
    {
        var files = new Argument<string[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "ROOT files (paths or globs)" };
        var tree = new Option<string>("--tree") { Required = true, Description = "TTree or RNTuple name (dir/name allowed)" };
        var expr = new Option<string>("--expr") { Required = true, Description = "C# expression over columns to histogram (vectors fill every element)" };
        var filter = new Option<string?>("--filter") { Description = "C# boolean expression selecting entries" };
        var weight = new Option<string?>("--weight") { Description = "C# expression for the weight" };
        var bins = new Option<int>("--bins") { DefaultValueFactory = _ => 100, Description = "number of bins" };
        var range = new Option<double[]>("--range") { Required = true, Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true, Description = "LO HI" };
        var json = new Option<string?>("--json") { Description = "write the histogram as UHI JSON to this file, or - for standard output" };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => Environment.ProcessorCount, Description = "worker threads" };
        var command = new Command("hist", "Fill a 1D histogram of an expression over ROOT files") { files, tree, expr, filter, weight, bins, range, json, threads };
        command.SetAction(parse => Guard(parse, error, () =>
        {
            var r = parse.GetValue(range)!;
            var h = FillHistogram(parse.GetValue(files)!, parse.GetValue(tree)!, parse.GetValue(expr)!, parse.GetValue(filter),
                parse.GetValue(weight), parse.GetValue(bins), r[0], r[1], parse.GetValue(threads));
            var target = parse.GetValue(json);
            if (target == "-") output.WriteLine(h.ToUhiJson());
            else
            {
                if (target is not null) h.SaveUhiJson(target);
                output.WriteLine(h.ToString());
                output.WriteLine(string.Join(" ", h.Values.ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture))));
            }
            return 0;
        }));
        return command;
    }

    private static Command GenerateCommand(TextWriter output, TextWriter error)
    {
        var kind = new Argument<string>("kind") { Description = "What to generate: adl (NanoAOD-like events with the ADL benchmark schema)" };
        var events = new Option<long>("--events") { DefaultValueFactory = _ => 1_000_000, Description = "number of events" };
        var codec = new Option<string>("--codec") { DefaultValueFactory = _ => "zstd", Description = "none, zlib, lzma, lz4 or zstd" };
        var level = new Option<int>("--level") { DefaultValueFactory = _ => -1, Description = "compression level (default: ROOT's usual level for the codec)" };
        var seed = new Option<ulong>("--seed") { DefaultValueFactory = _ => 1UL, Description = "random seed" };
        var outPath = new Option<string>("--out") { DefaultValueFactory = _ => "adl.root", Description = "output file" };
        var perFile = new Option<long>("--entries-per-file") { DefaultValueFactory = _ => 0L, Description = "split the output into files of this many entries (0: one file)" };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => Environment.ProcessorCount, Description = "worker threads" };
        var command = new Command("generate", "Write a generated dataset as ROOT files with EventFrame's writer") { kind, events, codec, level, seed, outPath, perFile, threads };
        command.SetAction(parse => Guard(parse, error, () =>
        {
            var what = parse.GetValue(kind)!;
            if (what != "adl") throw new ArgumentException($"unknown dataset kind '{what}' (known: adl)");
            var result = GenerateAdl(parse.GetValue(events), parse.GetValue(codec)!, parse.GetValue(level), parse.GetValue(seed),
                parse.GetValue(outPath)!, parse.GetValue(perFile), parse.GetValue(threads));
            output.WriteLine($"wrote {result.Entries:N0} events, {result.Columns.Count} columns, to {string.Join(", ", result.Paths)}");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Generates <paramref name="events"/> NanoAOD-like events with the ADL benchmark schema
    /// (<see cref="Generators.NanoAodGenerator"/>) and writes them as TTree <c>Events</c> with the given codec.
    /// </summary>
    public static Graph.SnapshotResult GenerateAdl(long events, string codec, int level, ulong seed, string path, long entriesPerFile, int threads)
    {
        var c = codec.ToLowerInvariant() switch
        {
            "none" => Data.SnapshotCodec.None,
            "zlib" => Data.SnapshotCodec.Zlib,
            "lzma" or "xz" => Data.SnapshotCodec.Lzma,
            "lz4" => Data.SnapshotCodec.Lz4,
            "zstd" => Data.SnapshotCodec.Zstd,
            _ => throw new ArgumentException($"unknown codec '{codec}' (none, zlib, lzma, lz4, zstd)"),
        };
        // ROOT's defaults: zlib 1 in the ADL sample, lz4 4, zstd 5, lzma 8.
        int l = level >= 0 ? level : c switch { Data.SnapshotCodec.Zlib => 1, Data.SnapshotCodec.Lz4 => 4, Data.SnapshotCodec.Lzma => 8, Data.SnapshotCodec.None => 0, _ => 5 };
        var df = Generators.NanoAodGenerator.Frame(events, seed).WithThreads(threads);
        return df.Snapshot("Events", path, null, new Data.SnapshotOptions { Codec = c, Level = l, EntriesPerFile = entriesPerFile }).Value;
    }

    /// <summary>Fills the histogram of <paramref name="expression"/> (as <c>eventframe hist</c> does).</summary>
    public static Hist1D FillHistogram(string[] files, string tree, string expression, string? filter, string? weight, int bins, double lo, double hi, int threads)
    {
        var df = Frame.FromRoot(tree, files).WithThreads(threads);
        if (!string.IsNullOrWhiteSpace(filter)) df = df.Filter(filter, "filter");
        var column = df.HasColumn(expression) ? expression : null;
        if (column is null)
        {
            df = df.Define("hist_x_", expression);
            column = "hist_x_";
        }
        string? w = null;
        if (!string.IsNullOrWhiteSpace(weight))
        {
            if (df.HasColumn(weight)) w = weight;
            else
            {
                df = df.Define("hist_w_", weight);
                w = "hist_w_";
            }
        }
        return df.Histo1D(new Hist1DModel(expression, expression, bins, lo, hi), column, w).Value;
    }

    private const string CacheOption = "--cache";

    private static int Guard(ParseResult parse, TextWriter error, Func<int> action)
    {
        try
        {
            if (parse.GetValue<string?>(CacheOption) is { Length: > 0 } cache)
                EventFrame.IO.Bytes.ByteSources.Cache = EventFrame.IO.Bytes.CacheOptions.FromEnvironment(cache);
            return action();
        }
        catch (Exception e) when (e is RootFormatException or IOException or GraphBookingException or EventLoopException or ArgumentException or InvalidOperationException)
        {
            error.WriteLine($"eventframe: {e.Message}");
            return 1;
        }
    }
}
