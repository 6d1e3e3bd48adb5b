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
        root.Subcommands.Add(LsCommand(output, error));
        root.Subcommands.Add(HistCommand(output, error));
        return root;
    }

    private static Command LsCommand(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "A ROOT file (path)" };
        var command = new Command("ls", "List a ROOT file: directories, keys, trees with entries and branches (type, bytes, baskets), RNTuple fields") { file };
        command.SetAction(parse => Guard(error, () =>
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
        command.SetAction(parse => Guard(error, () =>
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

    private static int Guard(TextWriter error, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is RootFormatException or IOException or GraphBookingException or EventLoopException or ArgumentException or InvalidOperationException)
        {
            error.WriteLine($"eventframe: {e.Message}");
            return 1;
        }
    }
}
