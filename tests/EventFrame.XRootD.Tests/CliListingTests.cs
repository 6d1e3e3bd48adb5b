using EventFrame.Cli;

namespace EventFrame.XRootD.Tests;

/// <summary><c>eventframe ls</c> over root://: a file lists as locally; a directory and a glob list through kXR_dirlist; errors name the URL.</summary>
public sealed class CliListingTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly XRootDServer _server = fixture.Server;

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Build(output, error).Parse(args).Invoke();
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void ListsRemoteFilesDirectoriesAndGlobs()
    {
        var local = Path.Combine(TestFiles.Dir, "root", "uproot-HZZ.root");
        var url = _server.Add(local, "cli/HZZ.root");
        _server.Add(local, "cli/HZZ2.root");
        var (code, output, error) = Run("ls", url);
        Assert.True(code == 0, error);
        var (_, localOutput, _) = Run("ls", local);
        // Everything after the first line (which names the file) is the same.
        Assert.Equal(localOutput[localOutput.IndexOf('\n')..], output[output.IndexOf('\n')..]);
        Assert.StartsWith($"{url}: ROOT file", output);

        (code, output, error) = Run("ls", _server.Url("cli/"));
        Assert.True(code == 0, error);
        Assert.Contains("2 entries", output);
        Assert.Contains("HZZ2.root", output);
        Assert.Contains($"{new FileInfo(local).Length:N0}", output);
        (code, output, _) = Run("ls", _server.Url("cli"));
        Assert.Equal(0, code);
        Assert.Contains("2 entries", output);

        (code, output, error) = Run("ls", _server.Url("cli/*2.root"));
        Assert.True(code == 0, error);
        Assert.Contains(_server.Url("cli/HZZ2.root") + ": ROOT file", output);
        Assert.DoesNotContain(url + ":", output);
    }

    [Fact]
    public void MissingRemoteFileIsAnErrorNamingTheUrl()
    {
        var url = _server.Url("cli/none.root");
        var (code, _, error) = Run("ls", url);
        Assert.Equal(1, code);
        Assert.Contains(url, error);
        Assert.Contains("kXR_NotFound", error);
    }
}
