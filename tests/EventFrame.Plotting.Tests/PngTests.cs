using System.Buffers.Binary;

namespace EventFrame.Plotting.Tests;

public class PngTests
{
    /// <summary>True when the test can run; fails (rather than passing silently) in CI, where rsvg-convert must be installed.</summary>
    private static bool Available()
    {
        if (Png.IsAvailable) return true;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            Assert.Fail("rsvg-convert is not installed but $CI is set: run scripts/setup-plotting.sh (package librsvg2-bin) in the CI setup");
        return false;
    }

    [Fact]
    public void ConvertsPlotsToPngOfTheScaledSize()
    {
        if (!Available()) return;
        var dir = Directory.CreateTempSubdirectory("ef-png-");
        try
        {
            var (samples, data) = Samples.Stack();
            var cases = new (string Name, Action<string> Save, int W, int H)[]
            {
                ("stack", p => Plot.Stack(samples, data).SavePng(p), 1280, 1200),
                ("map", p => Samples.Map().SavePng(p), 1280, 1040),
                ("profile", p => Samples.Profile().SavePng(p), 1280, 960),
                ("hist", p => data.SavePng(p, HistStyle.Errorbar), 1280, 960),
            };
            foreach (var (name, save, w, h) in cases)
            {
                var path = Path.Combine(dir.FullName, name + ".png");
                save(path);
                var bytes = File.ReadAllBytes(path);
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
                Assert.Equal(w, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
                Assert.Equal(h, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
            }
            var scaled = Png.Render(Samples.Profile().ToSvg(), scale: 0.5);
            Assert.Equal(320, BinaryPrimitives.ReadInt32BigEndian(scaled.AsSpan(16)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ErrorsAreTyped()
    {
        if (!Available()) return;
        var ex = Assert.Throws<PngConversionException>(() => Png.Render("<svg this is not xml"));
        Assert.Contains("exit code", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Png.Render("<svg/>", scale: 0));
    }

    [Fact]
    public void MissingConverterIsAClearError()
    {
        var old = Environment.GetEnvironmentVariable("EVENTFRAME_RSVG_CONVERT");
        try
        {
            Environment.SetEnvironmentVariable("EVENTFRAME_RSVG_CONVERT", "/nonexistent/rsvg-convert");
            Assert.False(Png.IsAvailable);
            var ex = Assert.Throws<PngConversionException>(() => Samples.Profile().SavePng(Path.Combine(Path.GetTempPath(), "never.png")));
            Assert.Contains("librsvg2-bin", ex.Message);
            Assert.Contains("/nonexistent/rsvg-convert", ex.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("EVENTFRAME_RSVG_CONVERT", old);
        }
    }
}
