using Spectre.Console;

namespace EventFrame.Interactive.Tests;

public class ProgressBarTests
{
    private static Frame Loop(long n, int threads = 2) =>
        Frame.Empty(n, options: new ExecutionOptions { Threads = threads, GeneratedPartitionSize = 1 << 14, ProgressInterval = TimeSpan.Zero });

    [Fact]
    public void TextIsExact()
    {
        var p = new LoopProgress(1_000_000, 4_000_000, 1, 4, TimeSpan.FromSeconds(0.5), false);
        Assert.Equal("1,000,000/4,000,000 events (25.0%) · 2.00 M events/s · ETA 0:00:02", ProgressBar.Describe(p));
        var done = new LoopProgress(4_000_000, 4_000_000, 4, 4, TimeSpan.FromSeconds(3725), true);
        Assert.Equal("4,000,000/4,000,000 events (100.0%) · 1.07 k events/s · done in 1:02:05", ProgressBar.Describe(done));
        Assert.Equal("0/10 events (0.0%) · 0 events/s · ETA --:--", ProgressBar.Describe(new LoopProgress(0, 10, 0, 1, TimeSpan.Zero, false)));
        Assert.Equal("950 events/s", ProgressBar.Rate(950));
        Assert.Equal("12.3 k events/s", ProgressBar.Rate(12_345));
        Assert.Equal("456 M events/s", ProgressBar.Rate(456e6));
        Assert.Equal("1.20 G events/s", ProgressBar.Rate(1.2e9));
        Assert.Equal("0 events/s", ProgressBar.Rate(double.NaN));
        Assert.Equal("0:00:00", ProgressBar.Time(TimeSpan.FromSeconds(-3)));
    }

    [Fact]
    public void NotebookDisplayIsShownOnceAndUpdatedPerLoop()
    {
        var shown = new List<List<ProgressView>>();
        var bar = new ProgressBar(ProgressMode.Notebook, "Loop", null, v =>
        {
            var updates = new List<ProgressView> { (ProgressView)v };
            shown.Add(updates);
            return u => updates.Add((ProgressView)u);
        });
        Assert.Equal(ProgressMode.Notebook, bar.Mode);
        var f = Loop(200_000).WithProgressBar(bar);
        Assert.Equal(200_000, f.Count().Value);
        Assert.Single(shown);
        var last = shown[0][^1].Progress;
        Assert.True(last.Finished);
        Assert.Equal(200_000, last.EntriesDone);
        Assert.True(shown[0].Zip(shown[0].Skip(1)).All(p => p.Second.Progress.EntriesDone >= p.First.Progress.EntriesDone));
        Assert.Contains("<progress max=\"100\" value=\"100.0\"", shown[0][^1].ToHtml());
        // A second loop gets its own display.
        Assert.Equal(200_000, f.Count().Value);
        Assert.Equal(2, shown.Count);
        Assert.True(shown[1][^1].Progress.Finished);
    }

    [Fact]
    public void TerminalBarDrawsAndFinishes()
    {
        var sw = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(sw),
        });
        var bar = new ProgressBar(ProgressMode.Terminal, "Muon loop", console);
        var previous = new List<LoopProgress>();
        var f = Loop(300_000);
        f.WithOptions(f.Options with { Progress = previous.Add });
        f.WithProgressBar(bar);
        Assert.Equal(300_000, f.Count().Value);
        Assert.True(bar.Last!.Finished);
        Assert.Null(bar.LastError);
        Assert.True(previous[^1].Finished); // the existing callback still runs
        var text = sw.ToString();
        Assert.True(text.Contains("Muon loop"), text);
        Assert.Contains("100%", text);
        Assert.Contains("300,000/300,000 events (100.0%)", text);
        Assert.Contains("done in", text);
        // A second loop on the same bar works too (a fresh live display).
        Assert.Equal(300_000, f.Count().Value);
    }

    [Fact]
    public void SilentModeDrawsNothingAndCostsNearlyNothing()
    {
        var bar = new ProgressBar(ProgressMode.Silent);
        var p = new LoopProgress(5, 10, 0, 1, TimeSpan.FromSeconds(1), false);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 100_000; i++) bar.Report(p);
        // The engine reports at most every 0.5 s: even 10 µs per report would be 0.002% of the loop.
        Assert.True(sw.Elapsed.TotalMilliseconds / 100_000 < 0.01, $"{sw.Elapsed.TotalMilliseconds / 100_000} ms per report");
        Assert.Same(p, bar.Last);
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) Assert.Equal(ProgressMode.Silent, ProgressBar.Detect());
    }
}
