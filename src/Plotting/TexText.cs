using System.Text;

namespace EventFrame.Plotting;

/// <summary>
/// Converts the LaTeX-like labels physicists write in histogram titles into SVG text: ROOT's <c>#mu</c> and LaTeX's
/// <c>\mu</c> become Greek letters and symbols, <c>_{...}</c> and <c>^{...}</c> (or a single character after
/// <c>_</c>/<c>^</c>) become smaller <c>tspan</c>s shifted with <c>baseline-shift</c>, and <c>$</c> is dropped.
/// </summary>
public static class TexText
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["alpha"] = "α", ["beta"] = "β", ["gamma"] = "γ", ["delta"] = "δ", ["epsilon"] = "ε", ["zeta"] = "ζ",
        ["eta"] = "η", ["theta"] = "θ", ["iota"] = "ι", ["kappa"] = "κ", ["lambda"] = "λ", ["mu"] = "μ", ["nu"] = "ν",
        ["xi"] = "ξ", ["pi"] = "π", ["rho"] = "ρ", ["sigma"] = "σ", ["tau"] = "τ", ["upsilon"] = "υ", ["phi"] = "φ",
        ["varphi"] = "φ", ["chi"] = "χ", ["psi"] = "ψ", ["omega"] = "ω",
        ["Gamma"] = "Γ", ["Delta"] = "Δ", ["Theta"] = "Θ", ["Lambda"] = "Λ", ["Xi"] = "Ξ", ["Pi"] = "Π",
        ["Sigma"] = "Σ", ["Upsilon"] = "Υ", ["Phi"] = "Φ", ["Psi"] = "Ψ", ["Omega"] = "Ω",
        ["pm"] = "±", ["mp"] = "∓", ["times"] = "×", ["cdot"] = "·", ["rightarrow"] = "→", ["to"] = "→",
        ["leftarrow"] = "←", ["leq"] = "≤", ["geq"] = "≥", ["neq"] = "≠", ["approx"] = "≈", ["sim"] = "∼",
        ["infty"] = "∞", ["ell"] = "ℓ", ["circ"] = "°", ["sqrt"] = "√", ["partial"] = "∂", ["prime"] = "′",
    };

    /// <summary>
    /// Returns the SVG markup (XML-escaped text and <c>tspan</c> elements) for <paramref name="label"/>. Unknown
    /// commands are kept literally (without the <c>#</c> or <c>\</c>), unbalanced braces are taken as literal text:
    /// any string gives well-formed XML.
    /// </summary>
    public static string ToSvg(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var sb = new StringBuilder(label.Length + 16);
        int i = 0;
        Render(label, ref i, sb, nested: false);
        return sb.ToString();
    }

    /// <summary>The label as plain text: symbols substituted, sub/superscript markers and braces removed (for text/plain output and width estimates).</summary>
    public static string ToPlain(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var svg = ToSvg(label);
        var sb = new StringBuilder(svg.Length);
        bool inTag = false;
        foreach (var c in svg)
        {
            if (c == '<') inTag = true;
            else if (c == '>') inTag = false;
            else if (!inTag) sb.Append(c);
        }
        return sb.ToString().Replace("&lt;", "<").Replace("&gt;", ">").Replace("&quot;", "\"").Replace("&apos;", "'").Replace("&amp;", "&");
    }

    private static void Render(string s, ref int i, StringBuilder sb, bool nested)
    {
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '}' && nested) { i++; return; }
            if (c == '$') { i++; continue; }
            if ((c == '#' || c == '\\') && i + 1 < s.Length && char.IsLetter(s[i + 1]))
            {
                int j = i + 1;
                while (j < s.Length && char.IsLetter(s[j])) j++;
                var name = s[(i + 1)..j];
                if ((name is "bar" or "overline") && j < s.Length && s[j] == '{' && HasClosing(s, j))
                {
                    // An overline is a combining character after each letter: fonts place it, no geometry needed.
                    int close = Closing(s, j);
                    foreach (var ch in ToPlain(s[(j + 1)..close]))
                        sb.Append(Escape(ch.ToString())).Append('\u0305');
                    i = close + 1;
                    continue;
                }
                sb.Append(Escape(Symbol(name)));
                i = j;
                // LaTeX's "\mu " uses the space only to end the command name.
                if (c == '\\' && i < s.Length && s[i] == ' ') i++;
                continue;
            }
            if ((c == '_' || c == '^') && i + 1 < s.Length)
            {
                sb.Append("<tspan baseline-shift=\"").Append(c == '_' ? "sub" : "super").Append("\" font-size=\"70%\">");
                i++;
                if (s[i] == '{' && HasClosing(s, i))
                {
                    i++;
                    Render(s, ref i, sb, nested: true);
                }
                else
                {
                    // a single character or a single command
                    if ((s[i] == '#' || s[i] == '\\') && i + 1 < s.Length && char.IsLetter(s[i + 1]))
                    {
                        int j = i + 1;
                        while (j < s.Length && char.IsLetter(s[j])) j++;
                        var name = s[(i + 1)..j];
                        sb.Append(Escape(Symbol(name)));
                        i = j;
                    }
                    else
                    {
                        sb.Append(Escape(s[i].ToString()));
                        i++;
                    }
                }
                sb.Append("</tspan>");
                continue;
            }
            if (c == '{' && HasClosing(s, i))
            {
                i++;
                Render(s, ref i, sb, nested: true);
                continue;
            }
            sb.Append(Escape(c.ToString()));
            i++;
        }
    }

    /// <summary>
    /// The symbol for a command name; like TLatex, "#rightarrowee" is "#rightarrow" followed by "ee" (the longest
    /// known command that starts the name), and an unknown name is kept as text.
    /// </summary>
    private static string Symbol(string name)
    {
        if (Symbols.TryGetValue(name, out var sym)) return sym;
        for (int len = name.Length - 1; len >= 2; len--)
            if (Symbols.TryGetValue(name[..len], out sym)) return sym + name[len..];
        return name;
    }

    private static bool HasClosing(string s, int open) => Closing(s, open) >= 0;

    private static int Closing(string s, int open)
    {
        int depth = 0;
        for (int k = open; k < s.Length; k++)
        {
            if (s[k] == '{') depth++;
            else if (s[k] == '}' && --depth == 0) return k;
        }
        return -1;
    }

    private static string Escape(string s) => SvgWriter.Escape(s);
}
