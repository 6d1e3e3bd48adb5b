using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace EventFrame.XRootD.Tests;

/// <summary>
/// A real xrootd server (Debian's xrootd-server) exporting a fresh temporary directory, on a free loopback port, stopped
/// by its PID. It listens on every interface, so the tests insist on running in a network namespace that has only
/// loopback (scripts/test.sh does this with <c>unshare -n</c>); then nothing can reach it and it reaches nothing.
/// </summary>
public sealed class XRootDServer : IDisposable
{
    private readonly string _config;
    private readonly string _log;
    private Process? _process;

    private XRootDServer(string root, int port, string extraConfig)
    {
        Root = root;
        Port = port;
        DataDirectory = Path.Combine(root, "data");
        var admin = Path.Combine(root, "admin");
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(admin);
        _config = Path.Combine(root, "xrootd.cfg");
        _log = Path.Combine(root, "xrootd.log");
        File.WriteAllText(_config, $"""
            xrd.port {port}
            all.role server
            all.export /
            oss.localroot {DataDirectory}
            all.adminpath {admin}
            all.pidpath {admin}
            {extraConfig}
            """);
        GiveToServerUser(root);
    }

    /// <summary>The temporary directory holding the configuration, log, admin files and exported data.</summary>
    public string Root { get; }

    /// <summary>The exported directory: a file written here as <c>name</c> is <c>root://127.0.0.1:port//name</c>.</summary>
    public string DataDirectory { get; }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary><c>root://127.0.0.1:port/</c>.</summary>
    public string BaseUrl => $"root://127.0.0.1:{Port}/";

    /// <summary>The URL of <paramref name="relativePath"/> under the export.</summary>
    public string Url(string relativePath) => $"root://127.0.0.1:{Port}//{relativePath.TrimStart('/')}";

    /// <summary>
    /// Starts a server with <paramref name="extraConfig"/> lines added to the basic configuration.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process is not in an isolated network namespace, xrootd is
    /// not installed, or it did not start.</exception>
    public static XRootDServer Start(string extraConfig = "", int? port = null)
    {
        RequireIsolatedNetwork();
        var root = Path.Combine(Path.GetTempPath(), "eventframe-xrootd-" + Guid.NewGuid().ToString("N")[..12]);
        var server = new XRootDServer(root, port ?? FreePort(), extraConfig);
        try
        {
            server.Restart();
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary>Fails, with the command to use, unless every network interface is loopback.</summary>
    public static void RequireIsolatedNetwork()
    {
        var others = NetworkInterface.GetAllNetworkInterfaces().Where(n => n.NetworkInterfaceType != NetworkInterfaceType.Loopback).Select(n => n.Name).ToList();
        if (others.Count > 0)
            throw new InvalidOperationException(
                "The XRootD tests start real xrootd servers, which listen on every interface; they must run in a network namespace " +
                $"that has only loopback, but this one also has {string.Join(", ", others)}. Run them with scripts/test.sh, or as root with " +
                "`unshare -n sh -c 'ip link set lo up && dotnet test tests/EventFrame.XRootD.Tests ...'`.");
        if (!NetworkInterface.GetAllNetworkInterfaces().Any(n => n.NetworkInterfaceType == NetworkInterfaceType.Loopback && n.OperationalStatus == OperationalStatus.Up))
            throw new InvalidOperationException("The loopback interface is down in this network namespace: run `ip link set lo up` first (scripts/test.sh does).");
    }

    /// <summary>Copies <paramref name="file"/> into the export as <paramref name="name"/> (readable by the server).</summary>
    public string Add(string file, string? name = null)
    {
        name ??= Path.GetFileName(file);
        var target = Path.Combine(DataDirectory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(file, target, overwrite: true);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return Url(name);
    }

    /// <summary>Writes <paramref name="bytes"/> into the export as <paramref name="name"/>.</summary>
    public string Add(byte[] bytes, string name)
    {
        var target = Path.Combine(DataDirectory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllBytes(target, bytes);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return Url(name);
    }

    /// <summary>Kills the server process (SIGKILL) and waits for it.</summary>
    public void Kill()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited) _process.Kill();
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts (or starts again) the server on the same port and waits until it accepts connections.</summary>
    /// <exception cref="InvalidOperationException">It exits or does not accept connections within 20 s.</exception>
    public void Restart()
    {
        // xrootd 5.5 has been seen to die of a signal (exit 139, SIGSEGV) while starting, with nothing in its log,
        // once in several hundred starts on a loaded machine: a crash at start-up is retried twice; any other exit
        // (a configuration error) fails at once.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                StartOnce();
                return;
            }
            catch (CrashedAtStartException) when (attempt < 3)
            {
            }
        }
    }

    private sealed class CrashedAtStartException(string message) : InvalidOperationException(message);

    private void StartOnce()
    {
        Kill();
        var info = new ProcessStartInfo("xrootd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // xrootd refuses to run as root; Debian's package creates the unprivileged 'xrootd' user.
        if (Environment.UserName == "root") { info.ArgumentList.Add("-R"); info.ArgumentList.Add("xrootd"); }
        foreach (var a in new[] { "-c", _config, "-l", _log }) info.ArgumentList.Add(a);
        try
        {
            _process = Process.Start(info) ?? throw new InvalidOperationException("xrootd did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("xrootd is not installed: run scripts/setup-xrootd.sh (apt-get install xrootd-server xrootd-client)", e);
        }
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                string message = $"xrootd exited with code {_process.ExitCode}; its log ({_log}):\n{ReadLog()}";
                throw _process.ExitCode >= 128 ? new CrashedAtStartException(message) : new InvalidOperationException(message);
            }
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }
        throw new InvalidOperationException($"xrootd did not accept connections on port {Port} within 20 s; its log:\n{ReadLog()}");
    }

    /// <summary>The server's log so far.</summary>
    public string ReadLog()
    {
        try
        {
            return File.Exists(_log) ? File.ReadAllText(_log) : "(no log)";
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    /// <summary>A port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    internal static void GiveToServerUser(string root)
    {
        if (Environment.UserName != "root") return;
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", "xrootd:xrootd", root]) { UseShellExecute = false })!;
        chown.WaitForExit();
        if (chown.ExitCode != 0) throw new InvalidOperationException($"chown -R xrootd:xrootd {root} failed (is the xrootd user missing? run scripts/setup-xrootd.sh)");
    }

    /// <summary>Stops the server and deletes its directory.</summary>
    public void Dispose()
    {
        Kill();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary directory is cleaned by the system.
        }
    }
}
