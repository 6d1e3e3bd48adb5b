using System.Diagnostics;
using System.Globalization;

namespace EventFrame.Plotting;

/// <summary>Raised when an SVG cannot be turned into a PNG: <c>rsvg-convert</c> is missing, fails or times out.</summary>
public sealed class PngConversionException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// PNG output through librsvg's <c>rsvg-convert</c> (Debian package librsvg2-bin, installed by
/// scripts/setup-plotting.sh): .NET has no portable SVG rasteriser, and librsvg renders text and tspans faithfully.
/// </summary>
public static class Png
{
    /// <summary>The rsvg-convert executable: $EVENTFRAME_RSVG_CONVERT if set, else "rsvg-convert" on the PATH.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("EVENTFRAME_RSVG_CONVERT") is { Length: > 0 } p ? p : "rsvg-convert";

    /// <summary>The full path of <see cref="Executable"/> if it can be found, else null.</summary>
    public static string? FindExecutable()
    {
        var exe = Executable;
        if (exe.Contains('/')) return File.Exists(exe) ? exe : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var full = Path.Combine(dir, exe);
            if (File.Exists(full)) return full;
        }
        return null;
    }

    /// <summary>True when rsvg-convert is available.</summary>
    public static bool IsAvailable => FindExecutable() is not null;

    /// <summary>
    /// Rasterises <paramref name="svg"/> at <paramref name="scale"/> times its size (in (0, 16]) and returns the PNG
    /// bytes. Throws <see cref="PngConversionException"/> if rsvg-convert is missing, fails or takes over
    /// <paramref name="timeoutSeconds"/>.
    /// </summary>
    public static byte[] Render(string svg, double scale = 2, double timeoutSeconds = 60)
    {
        ArgumentNullException.ThrowIfNull(svg);
        if (!(scale > 0 && scale <= 16)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be in (0, 16]");
        var exe = FindExecutable() ?? throw new PngConversionException(
            $"cannot write PNG: '{Executable}' was not found on the PATH; install it with scripts/setup-plotting.sh " +
            "(Debian/Ubuntu package librsvg2-bin) or set EVENTFRAME_RSVG_CONVERT, or save SVG instead");
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add("--format=png");
        psi.ArgumentList.Add("--zoom=" + scale.ToString("R", CultureInfo.InvariantCulture));
        psi.ArgumentList.Add("--background-color=white");
        using var proc = Process.Start(psi) ?? throw new PngConversionException($"could not start '{exe}'");
        var output = new MemoryStream();
        var copy = proc.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = proc.StandardError.ReadToEndAsync();
        try
        {
            proc.StandardInput.Write(svg);
            proc.StandardInput.Close();
        }
        catch (IOException e)
        {
            // rsvg-convert exits early on unreadable input; its stderr below says why.
            _ = e;
        }
        if (!proc.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            try { proc.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new PngConversionException($"'{exe}' did not finish within {timeoutSeconds} s");
        }
        copy.Wait();
        if (proc.ExitCode != 0)
            throw new PngConversionException($"'{exe}' failed with exit code {proc.ExitCode}: {errors.Result.Trim()}");
        return output.ToArray();
    }

    /// <summary>Rasterises <paramref name="svg"/> (see <see cref="Render"/>) and writes the PNG to <paramref name="path"/>.</summary>
    public static void Save(string svg, string path, double scale = 2)
    {
        ArgumentNullException.ThrowIfNull(path);
        File.WriteAllBytes(path, Render(svg, scale));
    }
}
