using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EventFrame.Histograms;

/// <summary>
/// Reads and writes histograms in the UHI serialization schema (scikit-hep/uhi, histogram.schema.json,
/// uhi_schema 1), which hist and boost-histogram load.
/// </summary>
/// <remarks>
/// <para><b>Written.</b> One object keyed by the histogram name with "uhi_schema": 1, "writer_info" (key "eventframe":
/// the class, entry count and statistics sums, so a round trip through EventFrame is exact), "metadata" ("name",
/// "label" = title, "value_label"), "axes" and a dense "storage" whose arrays are nested in axis order (first axis
/// outermost) and include the flow bins. Histograms use "weighted" storage (values = Σw, variances = Σw²);
/// profiles use "weighted_mean" (Σw, Σw², mean, and the variance Σw(v−mean)² / (Σw − Σw²/Σw), written as 0 where
/// that is undefined). Axes: regular (no transform) → "regular"; log-regular → "variable" with its edges (and
/// writer_info restoring the transform); variable → "variable"; integer → "regular" (as boost-histogram does;
/// writer_info restores the kind); string and integer categories → "category_str" / "category_int" with flow,
/// which have no underflow position (EventFrame's always-empty underflow bin of a category axis is not written).
/// Non-finite numbers are written as the bare tokens NaN, Infinity and -Infinity, as Python's json module does.</para>
/// <para><b>Read.</b> Dense and sparse storages of type weighted, double and int (histograms; variances = values
/// for double and int) and weighted_mean and mean (profiles); regular, variable, integer-category,
/// string-category and boolean axes, with or without flow bins. Histograms from other writers get their
/// statistics recomputed from the bins (bin centres) and an entry count of round(Σ values incl. flow). Out-of-band
/// data (string references), circular axes and future schema versions raise <see cref="NotSupportedException"/>;
/// malformed documents raise <see cref="FormatException"/> naming the offending field.</para>
/// </remarks>
internal static class UhiJson
{
    private const string Writer = "eventframe";

    // ---------------------------------------------------------------------------------------------------------
    // Writing
    // ---------------------------------------------------------------------------------------------------------

    internal static string Write(HistogramBase h, bool indented)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = indented, SkipValidation = false }))
        {
            w.WriteStartObject();
            w.WriteStartObject(h.Name.Length == 0 ? "histogram" : h.Name);
            w.WriteNumber("uhi_schema", 1);

            w.WriteStartObject("writer_info");
            w.WriteStartObject(Writer);
            w.WriteString("version", "1");
            w.WriteString("class", h.GetType().Name);
            w.WriteNumber("entries", h.Entries);
            var stats = h.StatsArray;
            for (int i = 0; i < stats.Length; i++)
            {
                w.WritePropertyName("stat" + i.ToString(CultureInfo.InvariantCulture));
                Number(w, stats[i]);
            }
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartObject("metadata");
            w.WriteString("name", h.Name);
            w.WriteString("label", h.Title);
            if (h.ValueLabel.Length > 0) w.WriteString("value_label", h.ValueLabel);
            w.WriteEndObject();

            w.WriteStartArray("axes");
            foreach (var a in h.Axes) WriteAxis(w, a);
            w.WriteEndArray();

            w.WriteStartObject("storage");
            if (h is Histogram hist)
            {
                w.WriteString("type", "weighted");
                WriteArray(w, "values", h, g => hist.Values[g]);
                WriteArray(w, "variances", h, g => hist.Variances[g]);
            }
            else
            {
                var p = (Profile)h;
                w.WriteString("type", "weighted_mean");
                WriteArray(w, "sum_of_weights", h, g => p.BinSumW[g]);
                WriteArray(w, "sum_of_weights_squared", h, g => p.BinSumW2[g]);
                WriteArray(w, "values", h, p.Mean);
                WriteArray(w, "variances", h, g => WeightedMeanVariance(p.BinSumW[g], p.BinSumW2[g], p.BinSumWV[g], p.BinSumWV2[g]));
            }
            w.WriteEndObject();

            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>boost-histogram's weighted-mean variance Σw(v−m)² / (Σw − Σw²/Σw), or 0 where it is undefined.</summary>
    private static double WeightedMeanVariance(double sw, double sw2, double swv, double swv2)
    {
        if (sw == 0) return 0;
        double denom = sw - sw2 / sw;
        if (!(denom > 0)) return 0;
        double m = swv / sw;
        return Math.Max(0, swv2 - sw * m * m) / denom;
    }

    private static void WriteAxis(Utf8JsonWriter w, Axis a)
    {
        w.WriteStartObject();
        switch (a)
        {
            case RegularAxis { Transform: AxisTransform.None } r:
                w.WriteString("type", "regular");
                w.WriteNumber("lower", r.Min);
                w.WriteNumber("upper", r.Max);
                w.WriteNumber("bins", r.Bins);
                Flow(w);
                break;
            case RegularAxis r:
                w.WriteString("type", "variable");
                Edges(w, r);
                Flow(w);
                w.WriteStartObject("writer_info");
                w.WriteStartObject(Writer);
                w.WriteString("kind", "regular");
                w.WriteString("transform", "log");
                w.WriteNumber("bins", r.Bins);
                w.WriteNumber("lower", r.Min);
                w.WriteNumber("upper", r.Max);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case VariableAxis v:
                w.WriteString("type", "variable");
                Edges(w, v);
                Flow(w);
                break;
            case IntegerAxis i:
                w.WriteString("type", "regular");
                w.WriteNumber("lower", i.Min);
                w.WriteNumber("upper", i.Max);
                w.WriteNumber("bins", i.Bins);
                Flow(w);
                w.WriteStartObject("writer_info");
                w.WriteStartObject(Writer);
                w.WriteString("kind", "integer");
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case CategoryAxis c:
                w.WriteString("type", "category_str");
                w.WriteStartArray("categories");
                foreach (var s in c.Categories) w.WriteStringValue(s);
                w.WriteEndArray();
                w.WriteBoolean("flow", true);
                break;
            case IntCategoryAxis c:
                w.WriteString("type", "category_int");
                w.WriteStartArray("categories");
                foreach (var s in c.Categories) w.WriteNumberValue(s);
                w.WriteEndArray();
                w.WriteBoolean("flow", true);
                break;
            default:
                throw new NotSupportedException($"axis {a} has no UHI representation");
        }
        w.WriteStartObject("metadata");
        w.WriteString("label", a.Label);
        w.WriteEndObject();
        w.WriteEndObject();

        static void Flow(Utf8JsonWriter w)
        {
            w.WriteBoolean("underflow", true);
            w.WriteBoolean("overflow", true);
            w.WriteBoolean("circular", false);
        }

        static void Edges(Utf8JsonWriter w, Axis a)
        {
            w.WriteStartArray("edges");
            foreach (var e in a.Edges) w.WriteNumberValue(e);
            w.WriteEndArray();
        }
    }

    private static bool IsCategory(Axis a) => a is CategoryAxis or IntCategoryAxis;

    private static void WriteArray(Utf8JsonWriter w, string name, HistogramBase h, Func<int, double> value)
    {
        w.WritePropertyName(name);
        Nested(0, 0);

        void Nested(int axis, int baseBin)
        {
            var a = h.Axes[axis];
            int stride = 1;
            for (int k = 0; k < axis; k++) stride *= h.Axes[k].Bins + 2;
            int first = IsCategory(a) ? 1 : 0;
            w.WriteStartArray();
            for (int b = first; b <= a.Bins + 1; b++)
            {
                int g = baseBin + b * stride;
                if (axis == h.Dimension - 1) Number(w, value(g));
                else Nested(axis + 1, g);
            }
            w.WriteEndArray();
        }
    }

    private static void Number(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteRawValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity", skipInputValidation: true);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>What a UHI histogram object holds, mapped onto EventFrame's bin layout.</summary>
    internal sealed class Parsed
    {
        public required string Name;
        public required string Title;
        public required string ValueLabel;
        public required Axis[] Axes;
        public required string StorageType;
        public required Dictionary<string, double[]> Arrays;
        public long? Entries;
        public double[]? Stats;

        /// <summary>The booking title that reproduces the title and every label.</summary>
        public string FullTitle() => HistogramBase.JoinTitle(Title, Axes.Select(a => a.Label), ValueLabel);
    }

    internal static Hist1D ReadHist1D(string json, string? key) => ReadHist(json, key, 1, p => new Hist1D(p.Name, p.FullTitle(), p.Axes[0]));
    internal static Hist2D ReadHist2D(string json, string? key) => ReadHist(json, key, 2, p => new Hist2D(p.Name, p.FullTitle(), p.Axes[0], p.Axes[1]));
    internal static Hist3D ReadHist3D(string json, string? key) =>
        ReadHist(json, key, 3, p => new Hist3D(p.Name, p.FullTitle(), p.Axes[0], p.Axes[1], p.Axes[2]));
    internal static Profile1D ReadProfile1D(string json, string? key) => ReadProfile(json, key, 1, p => new Profile1D(p.Name, p.FullTitle(), p.Axes[0]));
    internal static Profile2D ReadProfile2D(string json, string? key) =>
        ReadProfile(json, key, 2, p => new Profile2D(p.Name, p.FullTitle(), p.Axes[0], p.Axes[1]));

    private static T ReadHist<T>(string json, string? key, int dims, Func<Parsed, T> create) where T : Histogram
    {
        var p = Parse(json, key, dims);
        if (p.StorageType is not ("weighted" or "double" or "int"))
            throw new FormatException($"UHI histogram '{p.Name}' has '{p.StorageType}' storage; a {typeof(T).Name} reads weighted, double or int storage");
        var h = create(p);
        var values = p.Arrays["values"];
        var variances = p.StorageType == "weighted" ? p.Arrays["variances"] : values;
        for (int g = 0; g < h.TotalBins; g++) h.SetBin(g, values[g], variances[g]);
        FinishStats(h, p, () => h.ComputeStatsFromBins(), () => (long)Math.Round(values.Sum()));
        return h;
    }

    private static T ReadProfile<T>(string json, string? key, int dims, Func<Parsed, T> create) where T : Profile
    {
        var p = Parse(json, key, dims);
        var h = create(p);
        var values = p.Arrays["values"];
        var variances = p.Arrays["variances"];
        if (p.StorageType == "weighted_mean")
        {
            var sw = p.Arrays["sum_of_weights"];
            var sw2 = p.Arrays["sum_of_weights_squared"];
            for (int g = 0; g < h.TotalBins; g++)
            {
                double w = sw[g], m = values[g];
                double denom = w == 0 ? 0 : w - sw2[g] / w;
                double dev = denom > 0 ? variances[g] * denom : 0;
                h.SetBin(g, w, sw2[g], m * w, dev + w * m * m);
            }
        }
        else if (p.StorageType == "mean")
        {
            var counts = p.Arrays["counts"];
            for (int g = 0; g < h.TotalBins; g++)
            {
                double n = counts[g], m = values[g];
                double dev = n > 1 ? variances[g] * (n - 1) : 0;
                h.SetBin(g, n, n, m * n, dev + n * m * m);
            }
        }
        else
        {
            throw new FormatException($"UHI histogram '{p.Name}' has '{p.StorageType}' storage; a {typeof(T).Name} reads mean or weighted_mean storage");
        }
        FinishStats(h, p, () => StatsFromProfileBins(h), () => (long)Math.Round(h.BinSumW.ToArray().Sum()));
        return h;
    }

    private static void FinishStats(HistogramBase h, Parsed p, Action compute, Func<long> entries)
    {
        if (p.Stats is { } s && s.Length == h.StatsArray.Length && p.Entries is { } e)
        {
            s.CopyTo(h.StatsArray, 0);
            h.SetEntries(e);
        }
        else
        {
            compute();
            h.SetEntries(entries());
        }
    }

    /// <summary>Statistics of a profile from its bins: bin centres for the axes, Σw·v and Σw·v² for the value.</summary>
    private static void StatsFromProfileBins(Profile h)
    {
        var st = h.StatsArray;
        Array.Clear(st);
        int d = h.Dimension;
        for (int g = 0; g < h.TotalBins; g++)
        {
            var idx = h.GetBinXYZ(g);
            bool inRange = true;
            for (int a = 0; a < d; a++) inRange &= idx[a] >= 1 && idx[a] <= h.Axes[a].Bins;
            if (!inRange) continue;
            double w = h.BinSumW[g];
            st[0] += w;
            st[1] += h.BinSumW2[g];
            var c = new double[d];
            for (int a = 0; a < d; a++)
            {
                c[a] = h.Axes[a].Center(idx[a]);
                st[2 + 2 * a] += w * c[a];
                st[3 + 2 * a] += w * c[a] * c[a];
            }
            st[2 + 2 * d] += h.BinSumWV[g];
            st[3 + 2 * d] += h.BinSumWV2[g];
            int k = 2 + 2 * (d + 1);
            for (int a = 0; a <= d; a++)
                for (int b = a + 1; b <= d; b++)
                    st[k++] += b == d ? c[a] * h.BinSumWV[g] : w * c[a] * c[b];
        }
    }

    private static Parsed Parse(string json, string? key, int dims)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(QuoteNonFinite(json), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid UHI JSON: {e.Message}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("UHI JSON must be an object of histograms keyed by name");
            JsonElement hist;
            string name;
            if (key is not null)
            {
                if (!root.TryGetProperty(key, out hist)) throw new FormatException($"UHI JSON has no histogram named '{key}' (it has: {Keys(root)})");
                name = key;
            }
            else if (root.TryGetProperty("axes", out _) && root.TryGetProperty("storage", out _))
            {
                hist = root;
                name = "";
            }
            else
            {
                var props = root.EnumerateObject().ToList();
                if (props.Count != 1)
                    throw new FormatException($"UHI JSON holds {props.Count} histograms ({Keys(root)}); pass the key of the one to read");
                hist = props[0].Value;
                name = props[0].Name;
            }
            return ParseHistogram(hist, name, dims);
        }
    }

    private static string Keys(JsonElement obj) => string.Join(", ", obj.EnumerateObject().Select(p => "'" + p.Name + "'"));

    private static Parsed ParseHistogram(JsonElement h, string name, int dims)
    {
        if (h.ValueKind != JsonValueKind.Object) throw new FormatException($"UHI histogram '{name}' is not an object");
        if (h.TryGetProperty("uhi_schema", out var schema))
        {
            if (schema.ValueKind != JsonValueKind.Number || !schema.TryGetInt32(out int ver)) throw new FormatException($"'{name}': uhi_schema must be an integer");
            if (ver > 1) throw new NotSupportedException($"'{name}' uses uhi_schema {ver}; only version 1 is supported");
        }
        string title = "", valueLabel = "";
        if (h.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            if (meta.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && name.Length == 0) name = n.GetString()!;
            if (meta.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String) title = l.GetString()!;
            if (meta.TryGetProperty("value_label", out var vl) && vl.ValueKind == JsonValueKind.String) valueLabel = vl.GetString()!;
        }

        if (!h.TryGetProperty("axes", out var axesEl) || axesEl.ValueKind != JsonValueKind.Array)
            throw new FormatException($"UHI histogram '{name}' has no 'axes' array");
        var axisEls = axesEl.EnumerateArray().ToList();
        if (axisEls.Count != dims)
            throw new FormatException($"UHI histogram '{name}' has {axisEls.Count} axes; expected {dims}");
        var axes = new Axis[dims];
        var first = new int[dims];
        var length = new int[dims];
        for (int a = 0; a < dims; a++) axes[a] = ParseAxis(axisEls[a], $"{name}.axes[{a}]", out first[a], out length[a]);

        long? entries = null;
        double[]? stats = null;
        if (h.TryGetProperty("writer_info", out var wi) && wi.TryGetProperty(Writer, out var ours) && ours.ValueKind == JsonValueKind.Object)
        {
            if (ours.TryGetProperty("entries", out var e) && e.TryGetInt64(out long en)) entries = en;
            var list = new List<double>();
            while (ours.TryGetProperty("stat" + list.Count.ToString(CultureInfo.InvariantCulture), out var s))
                list.Add(ReadNumber(s, $"{name}.writer_info.stat{list.Count}"));
            if (list.Count > 0) stats = [.. list];
        }

        if (!h.TryGetProperty("storage", out var st) || st.ValueKind != JsonValueKind.Object)
            throw new FormatException($"UHI histogram '{name}' has no 'storage' object");
        if (!st.TryGetProperty("type", out var typeEl) || typeEl.ValueKind != JsonValueKind.String)
            throw new FormatException($"UHI histogram '{name}': storage has no 'type'");
        string type = typeEl.GetString()!;
        string[] fields = type switch
        {
            "int" or "double" => ["values"],
            "weighted" => ["values", "variances"],
            "mean" => ["counts", "values", "variances"],
            "weighted_mean" => ["sum_of_weights", "sum_of_weights_squared", "values", "variances"],
            _ => throw new FormatException($"UHI histogram '{name}': unknown storage type '{type}'"),
        };

        long totalLong = 1;
        var strides = new int[dims];
        for (int a = 0; a < dims; a++)
        {
            strides[a] = (int)Math.Min(totalLong, int.MaxValue);
            totalLong *= axes[a].Bins + 2;
            if (totalLong > 1 << 28) throw new FormatException($"UHI histogram '{name}' has more than {1 << 28} bins");
        }
        int total = (int)totalLong;
        var arrays = new Dictionary<string, double[]>();
        bool empty = !fields.Any(f => st.TryGetProperty(f, out _));
        st.TryGetProperty("index", out var index);
        bool sparse = index.ValueKind != JsonValueKind.Undefined;
        // Dense data is as large as the document; empty and sparse storages are not, so bound what they may allocate.
        if ((empty || sparse) && total > 1 << 24)
            throw new FormatException($"UHI histogram '{name}' declares {total} bins for {(empty ? "empty" : "sparse")} storage; at most {1 << 24} are accepted");
        int[][]? sparseBins = sparse ? ParseSparseIndex(index, dims, first, length, strides, name) : null;
        foreach (var f in fields)
        {
            var dst = new double[total];
            arrays[f] = dst;
            if (empty) continue;
            if (!st.TryGetProperty(f, out var arr)) throw new FormatException($"UHI histogram '{name}': {type} storage lacks '{f}'");
            if (arr.ValueKind == JsonValueKind.String)
                throw new NotSupportedException($"UHI histogram '{name}': out-of-band data ('{f}' = \"{arr.GetString()}\") cannot be read from JSON alone");
            string path = $"{name}.storage.{f}";
            if (sparse)
            {
                if (arr.ValueKind != JsonValueKind.Array || arr.GetArrayLength() != sparseBins!.Length)
                    throw new FormatException($"{path}: expected {sparseBins!.Length} values for the sparse index");
                int k = 0;
                foreach (var v in arr.EnumerateArray()) dst[sparseBins[k++][0]] = ReadNumber(v, path);
            }
            else
            {
                ReadDense(arr, 0, 0, dims, first, length, strides, dst, path);
            }
        }
        return new Parsed
        {
            Name = name, Title = title, ValueLabel = valueLabel, Axes = axes, StorageType = type, Arrays = arrays, Entries = entries, Stats = stats,
        };
    }

    private static int[][] ParseSparseIndex(JsonElement index, int dims, int[] first, int[] length, int[] strides, string name)
    {
        if (index.ValueKind != JsonValueKind.Array || index.GetArrayLength() != dims)
            throw new FormatException($"{name}.storage.index must be an array of {dims} index arrays");
        var rows = index.EnumerateArray().ToList();
        int count = rows[0].ValueKind == JsonValueKind.Array ? rows[0].GetArrayLength() : -1;
        var bins = new int[Math.Max(count, 0)][];
        for (int k = 0; k < bins.Length; k++) bins[k] = [0];
        for (int a = 0; a < dims; a++)
        {
            if (rows[a].ValueKind != JsonValueKind.Array || rows[a].GetArrayLength() != count)
                throw new FormatException($"{name}.storage.index[{a}] must hold {count} integers");
            int k = 0;
            foreach (var v in rows[a].EnumerateArray())
            {
                if (!v.TryGetInt32(out int j) || j < 0 || j >= length[a])
                    throw new FormatException($"{name}.storage.index[{a}][{k}] must be an integer in [0, {length[a]})");
                bins[k++][0] += (j + first[a]) * strides[a];
            }
        }
        return bins;
    }

    private static void ReadDense(JsonElement arr, int axis, int baseBin, int dims, int[] first, int[] length, int[] strides, double[] dst, string path)
    {
        if (arr.ValueKind != JsonValueKind.Array || arr.GetArrayLength() != length[axis])
            throw new FormatException($"{path}: expected an array of {length[axis]} entries along axis {axis}");
        int j = 0;
        foreach (var v in arr.EnumerateArray())
        {
            int g = baseBin + (j + first[axis]) * strides[axis];
            if (axis == dims - 1) dst[g] = ReadNumber(v, path);
            else ReadDense(v, axis + 1, g, dims, first, length, strides, dst, path);
            j++;
        }
    }

    private static Axis ParseAxis(JsonElement a, string path, out int first, out int length)
    {
        if (a.ValueKind != JsonValueKind.Object) throw new FormatException($"{path} is not an object");
        string type = Str(a, "type", path);
        string label = a.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
            && m.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "";
        JsonElement ours = default;
        bool hasOurs = a.TryGetProperty("writer_info", out var wi) && wi.TryGetProperty(Writer, out ours);
        string kind = hasOurs && ours.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : "";
        Axis axis;
        bool under, over;
        try
        {
            switch (type)
            {
                case "regular":
                {
                    if (Bool(a, "circular", path, false)) throw new NotSupportedException($"{path}: circular axes are not supported");
                    int bins = Int(a, "bins", path);
                    double lo = ReadNumber(Get(a, "lower", path), path + ".lower"), hi = ReadNumber(Get(a, "upper", path), path + ".upper");
                    axis = kind == "integer" && lo == Math.Round(lo) && hi == Math.Round(hi) && hi - lo == bins
                        ? new IntegerAxis((int)lo, (int)hi)
                        : new RegularAxis(bins, lo, hi);
                    under = Bool(a, "underflow", path, true);
                    over = Bool(a, "overflow", path, true);
                    break;
                }
                case "variable":
                {
                    if (Bool(a, "circular", path, false)) throw new NotSupportedException($"{path}: circular axes are not supported");
                    var edgesEl = Get(a, "edges", path);
                    if (edgesEl.ValueKind == JsonValueKind.String)
                        throw new NotSupportedException($"{path}: out-of-band edges (\"{edgesEl.GetString()}\") cannot be read from JSON alone");
                    if (edgesEl.ValueKind != JsonValueKind.Array) throw new FormatException($"{path}.edges must be an array");
                    var edges = edgesEl.EnumerateArray().Select(e => ReadNumber(e, path + ".edges")).ToArray();
                    if (hasOurs && ours.TryGetProperty("transform", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "log")
                        axis = new RegularAxis(Int(ours, "bins", path), ReadNumber(Get(ours, "lower", path), path), ReadNumber(Get(ours, "upper", path), path), AxisTransform.Log);
                    else
                        axis = new VariableAxis(edges);
                    if (axis.Bins != edges.Length - 1) throw new FormatException($"{path}: writer_info disagrees with the {edges.Length} edges");
                    under = Bool(a, "underflow", path, true);
                    over = Bool(a, "overflow", path, true);
                    break;
                }
                case "category_str":
                {
                    var cats = Get(a, "categories", path);
                    if (cats.ValueKind != JsonValueKind.Array) throw new FormatException($"{path}.categories must be an array");
                    axis = new CategoryAxis(cats.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : throw new FormatException($"{path}.categories must hold strings")).ToArray());
                    under = false;
                    over = Bool(a, "flow", path, true);
                    break;
                }
                case "category_int":
                {
                    var cats = Get(a, "categories", path);
                    if (cats.ValueKind != JsonValueKind.Array) throw new FormatException($"{path}.categories must be an array");
                    axis = new IntCategoryAxis(cats.EnumerateArray().Select(c => c.TryGetInt32(out int v) ? v : throw new FormatException($"{path}.categories must hold 32-bit integers")).ToArray());
                    under = false;
                    over = Bool(a, "flow", path, true);
                    break;
                }
                case "boolean":
                    axis = new IntegerAxis(0, 2);
                    under = over = false;
                    break;
                default:
                    throw new FormatException($"{path}: unknown axis type '{type}'");
            }
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{path}: invalid axis: {e.Message}", e);
        }
        first = under ? 0 : 1;
        length = axis.Bins + (under ? 1 : 0) + (over ? 1 : 0);
        return axis.WithLabel(label);
    }

    private static JsonElement Get(JsonElement o, string field, string path) =>
        o.TryGetProperty(field, out var v) ? v : throw new FormatException($"{path} lacks '{field}'");

    private static string Str(JsonElement o, string field, string path)
    {
        var v = Get(o, field, path);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"{path}.{field} must be a string");
    }

    private static int Int(JsonElement o, string field, string path)
    {
        var v = Get(o, field, path);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw new FormatException($"{path}.{field} must be a 32-bit integer");
    }

    private static bool Bool(JsonElement o, string field, string path, bool fallback)
    {
        if (!o.TryGetProperty(field, out var v)) return fallback;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"{path}.{field} must be a boolean"),
        };
    }

    private static double ReadNumber(JsonElement v, string path)
    {
        if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
        if (v.ValueKind == JsonValueKind.String)
        {
            switch (v.GetString())
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
        }
        throw new FormatException($"{path}: expected a number, got {v.ValueKind}");
    }

    /// <summary>
    /// Puts quotes around the bare NaN, Infinity and -Infinity tokens Python's json module writes (outside strings),
    /// so that the strict JSON parser accepts them; <see cref="ReadNumber"/> turns them back into doubles.
    /// </summary>
    private static string QuoteNonFinite(string json)
    {
        if (!json.Contains("NaN", StringComparison.Ordinal) && !json.Contains("Infinity", StringComparison.Ordinal)) return json;
        var sb = new StringBuilder(json.Length + 16);
        bool inString = false;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < json.Length) sb.Append(json[++i]);
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') { inString = true; sb.Append(c); continue; }
            string? token = Match(json, i, "NaN") ?? Match(json, i, "Infinity") ?? Match(json, i, "-Infinity");
            if (token is not null)
            {
                sb.Append('"').Append(token).Append('"');
                i += token.Length - 1;
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();

        static string? Match(string s, int i, string t) => string.CompareOrdinal(s, i, t, 0, t.Length) == 0 ? t : null;
    }
}
