// The eight ADL benchmark queries on a NanoAOD-like ROOT file (TTree "Events", Run2012B_SingleMu schema).
//
//   dotnet run -c Release --project samples/Adl -- FILE... [--query Q1..Q8|all] [--form strings|lambdas]
//                                                  [--threads N] [--separately] [--repeat N] [--json DIR]
//
// By default every selected query is booked on one frame and filled in one event loop; --separately runs one
// loop per query so that each query's own time is printed. --repeat N books and runs everything N times (the
// first run includes JIT and Roslyn compilation; later runs reuse the compiled expressions). --json writes each
// histogram as UHI JSON.
using System.Diagnostics;
using System.Globalization;
using EventFrame;
using EventFrame.Adl;

var files = new List<string>();
string query = "all", form = "strings";
string? jsonDir = null;
int threads = Environment.ProcessorCount, repeat = 1;
bool separately = false;
try
{
    for (int i = 0; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--query": query = Next(args, ref i); break;
            case "--form": form = Next(args, ref i); break;
            case "--threads": threads = int.Parse(Next(args, ref i), CultureInfo.InvariantCulture); break;
            case "--repeat": repeat = int.Parse(Next(args, ref i), CultureInfo.InvariantCulture); break;
            case "--json": jsonDir = Next(args, ref i); break;
            case "--separately": separately = true; break;
            case "-h" or "--help": Console.WriteLine(Usage()); return 0;
            default:
                if (args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unknown option '{args[i]}'");
                files.Add(args[i]);
                break;
        }
    }
    if (files.Count == 0) throw new ArgumentException("no input file given");
    if (form is not ("strings" or "lambdas")) throw new ArgumentException($"--form must be 'strings' or 'lambdas', not '{form}'");
    if (threads < 1) throw new ArgumentException($"--threads must be at least 1, not {threads}");
    if (repeat < 1) throw new ArgumentException($"--repeat must be at least 1, not {repeat}");
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(Usage());
    return 2;
}

IReadOnlyList<string> queries = query.Equals("all", StringComparison.OrdinalIgnoreCase)
    ? AdlQueries.Names
    : [.. query.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(q => q.ToUpperInvariant())];
var unknown = queries.Where(q => !AdlQueries.Names.Contains(q)).ToList();
if (queries.Count == 0 || unknown.Count > 0)
{
    Console.Error.WriteLine($"error: unknown query '{string.Join(",", unknown)}'; expected Q1 … Q8 (comma-separated) or all");
    Console.Error.WriteLine(Usage());
    return 2;
}

Console.WriteLine($"ADL queries {string.Join(",", queries)} ({form}) on {string.Join(", ", files)}, {threads} thread(s)");
try
{
    for (int r = 1; r <= repeat; r++)
    {
        if (repeat > 1) Console.WriteLine($"run {r} of {repeat}");
        if (separately)
        {
            foreach (var q in queries) Run([q]);
        }
        else
        {
            Run(queries);
        }
    }
}
catch (Exception e)
{
    // A damaged or missing file, or a failure inside a query: report it on one line, as a command-line tool should.
    Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
    return 1;
}
return 0;

void Run(IReadOnlyList<string> selected)
{
    var df = Frame.FromRoot("Events", [.. files]).WithThreads(threads);
    var sw = Stopwatch.StartNew();
    var booked = selected.SelectMany(q => form == "strings" ? AdlQueries.BookStrings(df, q) : AdlQueries.BookLambdas(df, q)).ToList();
    double bookSeconds = sw.Elapsed.TotalSeconds;
    var events = df.Count();
    sw.Restart();
    long n = events.Value;   // one event loop fills every histogram booked above
    double loopSeconds = sw.Elapsed.TotalSeconds;
    foreach (var h in booked)
    {
        var hist = h.Histogram.Value;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {h.Query} {h.Column,-20} entries {hist.Entries,9}  sum {h.Sum.Value,18:R}  mean {hist.MeanX,9:F4}"));
        if (jsonDir is not null)
        {
            Directory.CreateDirectory(jsonDir);
            hist.SaveUhiJson(Path.Combine(jsonDir, hist.Name + ".json"));
        }
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {string.Join(",", selected)}: {n:N0} events, booking {bookSeconds:F3} s, event loop {loopSeconds:F3} s ({n / loopSeconds / 1e6:F2} M events/s)"));
}

static string Next(string[] args, ref int i) =>
    ++i < args.Length ? args[i] : throw new ArgumentException($"option '{args[i - 1]}' needs a value");

static string Usage() =>
    "usage: EventFrame.Adl FILE... [--query Q1..Q8|Q1,Q5|all] [--form strings|lambdas] [--threads N] [--separately] [--repeat N] [--json DIR]";
