using System.Globalization;
using System.Net;
using System.Reflection;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EventFrame.Interactive;

/// <summary>Where a <see cref="ProgressBar"/> draws.</summary>
public enum ProgressMode
{
    /// <summary>Chosen by <see cref="ProgressBar.Detect"/>: silent when $CI is set, a notebook display inside dotnet-interactive, a terminal bar on an interactive terminal, silent otherwise.</summary>
    Auto,
    /// <summary>A live Spectre.Console bar (events done/total, percentage, events/s, time left).</summary>
    Terminal,
    /// <summary>An HTML bar displayed once in the notebook and updated in place.</summary>
    Notebook,
    /// <summary>Nothing is drawn.</summary>
    Silent,
}

/// <summary>A snapshot of a loop's progress as shown in notebooks (an HTML bar) and in text.</summary>
public sealed class ProgressView(string description, LoopProgress progress)
{
    /// <summary>What is running.</summary>
    public string Description { get; } = description;

    /// <summary>The progress reported by the engine.</summary>
    public LoopProgress Progress { get; } = progress;

    /// <summary>"done/total events (p%) · rate · ETA/elapsed", e.g. "1,000,000/4,000,000 events (25.0%) · 12.3 M events/s · ETA 0:00:02".</summary>
    public override string ToString() => $"{Description}: {ProgressBar.Describe(Progress)}";

    /// <summary>An HTML progress element with the same text.</summary>
    public string ToHtml()
    {
        var pct = (100 * Progress.Fraction).ToString("F1", CultureInfo.InvariantCulture);
        return $"<div class=\"eventframe-progress\"><progress max=\"100\" value=\"{pct}\" style=\"width:30em\"></progress> " +
               $"<span>{WebUtility.HtmlEncode(ToString())}</span></div>";
    }
}

/// <summary>
/// A progress bar for event loops, fed by <see cref="ExecutionOptions.Progress"/> (see
/// <see cref="ProgressExtensions.WithProgressBar(Frame, ProgressMode, string)"/>). The engine calls <see cref="Report"/> at most every
/// <see cref="ExecutionOptions.ProgressInterval"/> and once at the end, so drawing costs nothing measurable per
/// event. Each loop gets its own bar; a finished loop leaves its final line behind.
/// </summary>
public sealed class ProgressBar
{
    private readonly object _gate = new();
    private readonly IAnsiConsole? _console;
    private readonly Func<object, Action<object>?>? _display;
    private LoopState? _loop;
    private Action<object>? _update;

    /// <summary>
    /// A bar drawing in <paramref name="mode"/> (resolved by <see cref="Detect"/> when Auto) on
    /// <paramref name="console"/> (default <see cref="AnsiConsole.Console"/>) for terminals.
    /// </summary>
    public ProgressBar(ProgressMode mode = ProgressMode.Auto, string description = "Event loop", IAnsiConsole? console = null)
        : this(mode, description, console, null) { }

    /// <summary>For tests: <paramref name="display"/> shows a value in a notebook and returns how to update it.</summary>
    internal ProgressBar(ProgressMode mode, string description, IAnsiConsole? console, Func<object, Action<object>?>? display)
    {
        ArgumentNullException.ThrowIfNull(description);
        Mode = mode == ProgressMode.Auto ? Detect() : mode;
        Description = description;
        _console = console;
        _display = display ?? (Mode == ProgressMode.Notebook ? NotebookDisplay.Create() : null);
        if (Mode == ProgressMode.Notebook && _display is null) Mode = ProgressMode.Silent; // no kernel to display in
    }

    /// <summary>The mode in use (never Auto).</summary>
    public ProgressMode Mode { get; }

    /// <summary>The label shown before the bar.</summary>
    public string Description { get; }

    /// <summary>Why the terminal display failed, if it did (the loop itself is unaffected); null otherwise.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>The last progress reported (null before the first report).</summary>
    public LoopProgress? Last { get; private set; }

    /// <summary>
    /// The mode for this process: Silent if the environment variable CI is set (CI logs must stay clean), Notebook
    /// when the dotnet-interactive kernel is loaded, Terminal when standard output is an interactive terminal,
    /// Silent otherwise.
    /// </summary>
    public static ProgressMode Detect()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) return ProgressMode.Silent;
        if (NotebookDisplay.KernelLoaded()) return ProgressMode.Notebook;
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive) return ProgressMode.Silent;
        return ProgressMode.Terminal;
    }

    /// <summary>
    /// The progress line: entries done/total with the percentage, the rate, and the estimated time left (or the total
    /// time once finished). Invariant culture.
    /// </summary>
    public static string Describe(LoopProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var inv = CultureInfo.InvariantCulture;
        string done = p.EntriesDone.ToString("N0", inv), total = p.EntriesTotal.ToString("N0", inv);
        string pct = (100 * p.Fraction).ToString("F1", inv);
        string time = p.Finished ? "done in " + Time(p.Elapsed) : p.Remaining is { } r ? "ETA " + Time(TimeSpan.FromSeconds(Math.Ceiling(Math.Min(r.TotalSeconds, 1e9)))) : "ETA --:--";
        return $"{done}/{total} events ({pct}%) · {Rate(p.EntriesPerSecond)} · {time}";
    }

    /// <summary>Events per second with an SI prefix: "950 events/s", "12.3 k events/s", "4.56 M events/s", "1.2 G events/s".</summary>
    public static string Rate(double perSecond)
    {
        var inv = CultureInfo.InvariantCulture;
        if (!double.IsFinite(perSecond) || perSecond < 0) perSecond = 0;
        (double v, string unit) = perSecond >= 1e9 ? (perSecond / 1e9, "G ") : perSecond >= 1e6 ? (perSecond / 1e6, "M ") : perSecond >= 1e3 ? (perSecond / 1e3, "k ") : (perSecond, "");
        return (unit.Length == 0 ? v.ToString("F0", inv) : v.ToString(v >= 100 ? "F0" : v >= 10 ? "F1" : "F2", inv)) + " " + unit + "events/s";
    }

    /// <summary>A duration as h:mm:ss.</summary>
    public static string Time(TimeSpan t)
    {
        if (t < TimeSpan.Zero) t = TimeSpan.Zero;
        if (t.TotalHours >= 1000) return "999:59:59+";
        return ((int)t.TotalHours).ToString(CultureInfo.InvariantCulture) + t.ToString(@"\:mm\:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>Receives one report from the engine (thread-safe; calls are serialized by the engine anyway).</summary>
    public void Report(LoopProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        lock (_gate)
        {
            Last = progress;
            switch (Mode)
            {
                case ProgressMode.Terminal: ReportTerminal(progress); break;
                case ProgressMode.Notebook: ReportNotebook(progress); break;
            }
        }
    }

    private void ReportNotebook(LoopProgress p)
    {
        var view = new ProgressView(Description, p);
        try
        {
            if (_update is null) _update = _display!(view);
            else _update(view);
        }
        catch (Exception e) when (e is TargetInvocationException or InvalidOperationException or NotSupportedException)
        {
            // A notebook display failing must never break the analysis: stop drawing, keep computing.
            _update = null;
        }
        if (p.Finished) _update = null; // the next loop gets its own display
    }

    private sealed class LoopState
    {
        public ProgressTask? Task;
        public readonly ManualResetEventSlim Started = new();
        public readonly ManualResetEventSlim Done = new();
        public Thread? Thread;
        public volatile LoopProgress? Latest;
    }

    private void ReportTerminal(LoopProgress p)
    {
        if (_loop is null)
        {
            // Spectre's live display blocks the thread that starts it, so it runs on its own thread for the loop.
            var state = new LoopState { Latest = p };
            var console = _console ?? AnsiConsole.Console;
            state.Thread = new Thread(() =>
            {
                try
                {
                    console.Progress().AutoClear(false).HideCompleted(false)
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new LoopColumn(state))
                        .Start(ctx =>
                        {
                            state.Task = ctx.AddTask(Markup.Escape(Description), maxValue: Math.Max(1, p.EntriesTotal));
                            state.Started.Set();
                            state.Done.Wait();
                            var last = state.Latest!;
                            state.Task.MaxValue = Math.Max(1, last.EntriesTotal);
                            state.Task.Value = last.EntriesTotal == 0 ? 1 : last.EntriesDone;
                            ctx.Refresh();
                        });
                }
                catch (Exception e)
                {
                    // Drawing must never take the analysis down (an exception here would end the process): keep
                    // the reason for diagnostics and go on without a bar.
                    LastError = e;
                }
                finally
                {
                    state.Started.Set();
                }
            }) { IsBackground = true, Name = "EventFrame progress" };
            _loop = state;
            state.Thread.Start();
            state.Started.Wait(TimeSpan.FromSeconds(5));
        }
        var loop = _loop;
        loop.Latest = p;
        if (loop.Task is { } task) task.Value = Math.Min(p.EntriesDone, task.MaxValue);
        if (p.Finished)
        {
            loop.Done.Set();
            loop.Thread!.Join(TimeSpan.FromSeconds(5));
            _loop = null;
        }
    }

    /// <summary>The "done/total events · rate · ETA" text of the running loop.</summary>
    private sealed class LoopColumn(LoopState state) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(state.Latest is { } p ? Describe(p) : "", new Style(Color.Grey));
    }
}

/// <summary>Displays values in a dotnet-interactive notebook through the kernel, found by reflection so that this assembly does not depend on it.</summary>
internal static class NotebookDisplay
{
    private const string ContextType = "Microsoft.DotNet.Interactive.KernelInvocationContext";

    public static bool KernelLoaded() => FindType(ContextType) is not null;

    private static Type? FindType(string name) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name, throwOnError: false)).FirstOrDefault(t => t is not null);

    /// <summary>A function that displays a value in the current cell's output and returns how to update it, or null outside a kernel.</summary>
    public static Func<object, Action<object>?>? Create()
    {
        var ctxType = FindType(ContextType);
        if (ctxType is null) return null;
        // The cell's context is captured now, on the notebook's thread: the engine reports from worker threads.
        var current = ctxType.GetProperty("Current", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        var display = ctxType.Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .FirstOrDefault(m => m.Name == "Display" && m.GetParameters() is [var c, var v, ..] && c.ParameterType == ctxType && v.ParameterType == typeof(object));
        if (current is null || display is null) return null;
        return value =>
        {
            var args = display.GetParameters().Select((p, i) => i == 0 ? current : i == 1 ? value : p.ParameterType.IsArray ? Array.CreateInstance(p.ParameterType.GetElementType()!, 0) : p.DefaultValue).ToArray();
            var shown = display.Invoke(null, args);
            var update = shown?.GetType().GetMethod("Update", [typeof(object)]);
            return update is null ? null : v => update.Invoke(shown, [v]);
        };
    }
}

/// <summary>Frame extensions that attach a <see cref="ProgressBar"/> to the event loop.</summary>
public static class ProgressExtensions
{
    /// <summary>
    /// Makes every later event loop of this dataset (all its handles, as <see cref="Frame.WithOptions"/> does) report
    /// to a new <see cref="ProgressBar"/> in <paramref name="mode"/> (Auto by default: silent under CI or without a
    /// terminal), and returns <paramref name="frame"/>. An existing <see cref="ExecutionOptions.Progress"/> callback
    /// keeps being called; calling this twice draws two bars.
    /// </summary>
    public static Frame WithProgressBar(this Frame frame, ProgressMode mode = ProgressMode.Auto, string description = "Event loop")
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.WithProgressBar(new ProgressBar(mode, description));
    }

    /// <summary>Makes every later event loop of this dataset report to <paramref name="bar"/> (besides any existing callback); returns <paramref name="frame"/>.</summary>
    public static Frame WithProgressBar(this Frame frame, ProgressBar bar)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(bar);
        var previous = frame.Options.Progress;
        Action<LoopProgress> report = previous is null ? bar.Report : p => { previous(p); bar.Report(p); };
        return frame.WithOptions(frame.Options with { Progress = report });
    }
}
