using System.Xml.Linq;

namespace EventFrame.Plotting.Tests;

public class TexTextTests
{
    [Fact]
    public void SubscriptsSuperscriptsAndSymbols()
    {
        Assert.Equal("p<tspan baseline-shift=\"sub\" font-size=\"70%\">T</tspan>", TexText.ToSvg("p_{T}"));
        Assert.Equal("μ", TexText.ToSvg("#mu"));
        Assert.Equal("μ", TexText.ToSvg("$\\mu$"));
        Assert.Equal("E<tspan baseline-shift=\"sub\" font-size=\"70%\">T</tspan><tspan baseline-shift=\"super\" font-size=\"70%\">miss</tspan> [GeV]",
            TexText.ToSvg("E_{T}^{miss} [GeV]"));
        Assert.Equal("m<tspan baseline-shift=\"sub\" font-size=\"70%\">μμ</tspan>", TexText.ToSvg("m_{#mu#mu}"));
        Assert.Equal("10<tspan baseline-shift=\"super\" font-size=\"70%\">-1</tspan>", TexText.ToSvg("10^{-1}"));
        Assert.Equal("x<tspan baseline-shift=\"super\" font-size=\"70%\">2</tspan>", TexText.ToSvg("x^2"));
        Assert.Equal("t\u0305", TexText.ToSvg("#bar{t}"));
        Assert.Equal("a &lt; b &amp; c", TexText.ToSvg("a < b & c"));
        Assert.Equal("unknown", TexText.ToPlain("#unknown"));
        Assert.Equal("Z→ee", TexText.ToPlain("Z#rightarrowee"));
        Assert.Equal("{a", TexText.ToPlain("{a"));
        Assert.Equal("pT [GeV]", TexText.ToPlain("p_{T} [GeV]"));
    }

    [Fact]
    public void AnyInputGivesWellFormedXml()
    {
        var r = new Random(42);
        const string alphabet = "ab _^{}#\\$<>&\"'μ1";
        for (int trial = 0; trial < 2000; trial++)
        {
            var s = new string([.. Enumerable.Range(0, r.Next(0, 24)).Select(_ => alphabet[r.Next(alphabet.Length)])]);
            var xml = $"<text xmlns=\"http://www.w3.org/2000/svg\">{TexText.ToSvg(s)}</text>";
            var e = XElement.Parse(xml, LoadOptions.PreserveWhitespace); // throws on malformed output
            Assert.Equal(TexText.ToPlain(s), e.Value);
            // Letters and digits of the input survive (only markup characters are consumed).
            Assert.Equal(s.Count(char.IsDigit), e.Value.Count(char.IsDigit));
        }
    }
}
