namespace EventFrame.Core.Tests.Graph;

/// <summary>Bad input fails at booking with messages naming node, expression and column; user exceptions name the entry.</summary>
public class BookingErrorTests
{
    private static readonly Frame Df = TestData.Frame(TestData.Make(2000));

    [Fact]
    public void UnknownColumnInExpressionIsNamed()
    {
        var e = Assert.Throws<GraphBookingException>(() => Df.Filter("MET_ptt > 20", "met cut"));
        Assert.Contains("Filter(\"met cut\"", e.Message);
        Assert.Contains("MET_ptt", e.Message);
        Assert.Equal("MET_ptt > 20", e.Expression);
        Assert.Equal("MET_ptt", e.Column);
    }

    [Fact]
    public void UnknownColumnInLambdaSuggestsCloseNames()
    {
        var e = Assert.Throws<GraphBookingException>(() => Df.Define("x", (float m) => m, "MET_Pt"));
        Assert.Contains("unknown column 'MET_Pt'", e.Message);
        Assert.Contains("did you mean 'MET_pt'", e.Message);
        Assert.Contains("Define(\"x\"", e.Message);
    }

    [Fact]
    public void LambdaTypeMismatchIsNamed()
    {
        var e = Assert.Throws<GraphBookingException>(() => Df.Filter((int n) => n > 1, ["nMuon"], "two"));
        Assert.Contains("lambda parameter 1 is int but column 'nMuon' is uint", e.Message);
        Assert.Equal("nMuon", e.Column);
        var e2 = Assert.Throws<GraphBookingException>(() => Df.Define("s", (RVec<double> pt) => pt.Length, "Muon_pt"));
        Assert.Contains("RVec<double>", e2.Message);
        Assert.Contains("RVec<float>", e2.Message);
    }

    [Fact]
    public void ExpressionsThatDoNotCompile()
    {
        var e = Assert.Throws<GraphBookingException>(() => Df.Define("x", "MET_pt +* 2"));
        Assert.Contains("Define(\"x\", \"MET_pt +* 2\")", e.Message);
        var e2 = Assert.Throws<GraphBookingException>(() => Df.Define("x", "MET_pt.NoSuchMethod()"));
        Assert.Contains("NoSuchMethod", e2.Message);
        var e3 = Assert.Throws<GraphBookingException>(() => Df.Filter("MET_pt * 2"));
        Assert.Contains("must be of type bool", e3.Message);
        Assert.Contains("float", e3.Message);
    }

    [Fact]
    public void NameClashesAndBadNames()
    {
        Assert.Contains("already exists", Assert.Throws<GraphBookingException>(() => Df.Define("MET_pt", "1.0")).Message);
        Assert.Contains("no column 'nope' to redefine", Assert.Throws<GraphBookingException>(() => Df.Redefine("nope", "1.0")).Message);
        Assert.Contains("not a valid column name", Assert.Throws<GraphBookingException>(() => Df.Define("2x", "1.0")).Message);
        Assert.Contains("not numeric", Assert.Throws<GraphBookingException>(() => Df.Define("r", "rdfrandom_").Histo1D(new("h", "", 1, 0, 1), "r")).Message);
        Assert.Contains("is RVec<float>, not float", Assert.Throws<GraphBookingException>(() => Df.Take<float>("Muon_pt")).Message);
    }

    [Fact]
    public void ExceptionInLambdaNamesNodeAndEntry()
    {
        var df = Df.Define("boom", (ulong e) => e == 1234 ? throw new InvalidOperationException("bad entry") : 1.0, "rdfentry_");
        var e = Assert.Throws<EventLoopException>(() => df.Sum("boom").Value);
        Assert.Equal(1234, e.Entry);
        Assert.Contains("Define(\"boom\"", e.Node);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void ExceptionInExpressionNamesNodeAndEntry()
    {
        var df = Df.Filter("Muon_pt[0] > 10", "first muon");
        var e = Assert.Throws<EventLoopException>(() => df.Count().Value);
        int firstEmpty = Array.FindIndex(TestData.Make(2000).NMuon, n => n == 0);
        Assert.Equal(firstEmpty, e.Entry);
        Assert.Contains("first muon", e.Node);
        Assert.IsType<IndexOutOfRangeException>(e.InnerException);
    }
}
