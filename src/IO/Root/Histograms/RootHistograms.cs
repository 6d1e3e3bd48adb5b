using EventFrame.Histograms;

namespace EventFrame.IO.Root.Histograms;

/// <summary>
/// Reads ROOT histograms (TH1C/S/I/F/D, TH2C/S/I/F/D, TH3C/S/I/F/D, TProfile, TProfile2D) from a ROOT file into
/// EventFrame's <see cref="Hist1D"/>, <see cref="Hist2D"/>, <see cref="Hist3D"/>, <see cref="Profile1D"/> and
/// <see cref="Profile2D"/>: bin contents and variances with flow bins,
/// the entry count and ROOT's statistics sums (fTsumw, fTsumw2, fTsumwx, …), axis edges and titles.
/// <para>The member layouts are those of TH1 v5-v8, TAxis v6-v10, TH2 v3-v5, TH3 v5-v6, TProfile v4-v7 and TProfile2D
/// v5-v8 (ROOT 5.x and 6.x),
/// read without the file's StreamerInfo; every object is left through its byte count, so members after the ones used
/// here (fOption, fFunctions, fBuffer, …) are skipped whatever their version.</para>
/// <code>
///  TH1F   = {TH1F version, {TH1}, TArrayF: i32 n, n floats}       (TH1D: TArrayD, TH1I: TArrayI, …)
///  TH1    = {TNamed}, {TAttLine}, {TAttFill}, {TAttMarker}, i32 fNcells, {TAxis} x3, i16 fBarOffset,
///           i16 fBarWidth, f64 fEntries, fTsumw, fTsumw2, fTsumwx, fTsumwx2, fMaximum, fMinimum, fNormFactor,
///           TArrayD fContour, TArrayD fSumw2, …
///  TAxis  = {TNamed}, {TAttAxis}, i32 fNbins, f64 fXmin, f64 fXmax, TArrayD fXbins, …
///  TH2F   = {TH2F version, {TH2}, TArrayF};  TH2 = {TH1}, f64 fScalefactor, fTsumwy, fTsumwy2, fTsumwxy
///  TProfile = {TProfile version, {TH1D}, TArrayD fBinEntries, i32 fErrorMode, f64 fYmin, fYmax, fTsumwy,
///           fTsumwy2, [TArrayD fBinSumw2 from v6]}
///  TH3F   = {TH3F version, {TH3}, TArrayF};  TH3 = {TH1}, {TAtt3D}, f64 fTsumwy, fTsumwy2, fTsumwxy, fTsumwz, fTsumwz2,
///           fTsumwxz, fTsumwyz
///  TProfile2D = {TProfile2D version, {TH2D}, TArrayD fBinEntries, i32 fErrorMode, f64 fZmin, fZmax, fTsumwz,
///           fTsumwz2, [TArrayD fBinSumw2]}
/// </code>
/// ({…} is an object with a byte count and a version; the profile keeps Σw·v in the TH1D array, Σw·v² in fSumw2,
/// Σw in fBinEntries and Σw² in fBinSumw2.)
/// </summary>
public static class RootHistograms
{
    /// <summary>Reads the histogram stored under <paramref name="path"/> (e.g. <c>dir/hpx</c> or <c>hpx;1</c>).</summary>
    /// <returns>A <see cref="Hist1D"/>, <see cref="Hist2D"/>, <see cref="Hist3D"/>, <see cref="Profile1D"/> or
    /// <see cref="Profile2D"/>, by the key's class.</returns>
    /// <exception cref="RootFormatException">The key is missing, its class is not a supported histogram, or the object is malformed.</exception>
    public static HistogramBase Read(RootFile file, string path)
    {
        ArgumentNullException.ThrowIfNull(file);
        var key = file.FindKey(path) ?? throw new RootFormatException(file.Path, path, -1, $"no object named '{path}' in the file");
        return Read(key);
    }

    /// <summary>Reads the histogram of <paramref name="key"/>; see <see cref="Read(RootFile, string)"/>.</summary>
    /// <exception cref="RootFormatException">The key's class is not a supported histogram, or the object is malformed.</exception>
    public static HistogramBase Read(RootKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!IsSupported(key.ClassName))
            throw new RootFormatException(key.File.Path, key.Name, key.SeekKey, $"'{key.Name}' is a {key.ClassName}, not a supported histogram (TH1*, TH2*, TH3*, TProfile, TProfile2D)");
        var payload = key.ReadObject();
        var where = new RootLocation(key.File.Path, key.Name, key.PayloadOffset);
        var r = new RootReader(payload, where, key.PayloadOffset, key.Keylen);
        return RootHistogramStreamer.Read(ref r, key.ClassName, key.Name);
    }

    /// <summary>
    /// Reads every supported histogram of the file, in every directory (highest cycle of each name), keyed by its
    /// path without cycle (e.g. <c>dir/hpx</c>).
    /// </summary>
    /// <exception cref="RootFormatException">A directory or a histogram is malformed.</exception>
    public static IReadOnlyDictionary<string, HistogramBase> ReadAll(RootFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var result = new Dictionary<string, HistogramBase>(StringComparer.Ordinal);
        foreach (var (path, key) in file.AllKeys())
        {
            if (!IsSupported(key.ClassName) || result.ContainsKey(path)) continue;
            // AllKeys lists every cycle; FindKey picks the highest one, as ROOT's Get does.
            if (file.FindKey(path) is { } newest && newest.SeekKey == key.SeekKey) result[path] = Read(key);
        }
        return result;
    }

    /// <summary>Reads a one-dimensional histogram (TH1C/S/I/F/D).</summary>
    /// <exception cref="RootFormatException">The object is missing, malformed, or of another class.</exception>
    public static Hist1D ReadHist1D(RootFile file, string path) => As<Hist1D>(file, path);

    /// <summary>Reads a two-dimensional histogram (TH2C/S/I/F/D).</summary>
    /// <exception cref="RootFormatException">The object is missing, malformed, or of another class.</exception>
    public static Hist2D ReadHist2D(RootFile file, string path) => As<Hist2D>(file, path);

    /// <summary>Reads a one-dimensional profile (TProfile).</summary>
    /// <exception cref="RootFormatException">The object is missing, malformed, or of another class.</exception>
    public static Profile1D ReadProfile1D(RootFile file, string path) => As<Profile1D>(file, path);

    /// <summary>Reads a three-dimensional histogram (TH3C/S/I/F/D).</summary>
    /// <exception cref="RootFormatException">The object is missing, malformed, or of another class.</exception>
    public static Hist3D ReadHist3D(RootFile file, string path) => As<Hist3D>(file, path);

    /// <summary>Reads a two-dimensional profile (TProfile2D).</summary>
    /// <exception cref="RootFormatException">The object is missing, malformed, or of another class.</exception>
    public static Profile2D ReadProfile2D(RootFile file, string path) => As<Profile2D>(file, path);

    /// <summary>True for the class names this reader handles.</summary>
    public static bool IsSupported(string className) => className is "TProfile" or "TProfile2D"
        || (className.Length == 4 && className.StartsWith("TH", StringComparison.Ordinal) && className[2] is '1' or '2' or '3'
            && "CSIFD".Contains(className[3], StringComparison.Ordinal));

    private static T As<T>(RootFile file, string path) where T : HistogramBase
    {
        var h = Read(file, path);
        return h as T ?? throw new RootFormatException(file.Path, path, -1, $"'{path}' is a {h.GetType().Name}, not a {typeof(T).Name}");
    }
}
