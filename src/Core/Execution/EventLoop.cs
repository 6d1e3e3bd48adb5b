using System.Reflection;
using EventFrame.Columns;
using EventFrame.Data;
using EventFrame.Expressions;
using EventFrame.Graph;

namespace EventFrame.Execution;

/// <summary>
/// Runs one event loop over a graph: plans which selections and columns the pending actions need, compiles the
/// string expressions, processes the partitions on all slots chunk by chunk (demand-driven: a column is read or
/// computed only when something needs it, over the smallest selection that covers its consumers) and merges the
/// per-partition partial results in partition order, so results do not depend on the number of threads.
/// </summary>
internal static class EventLoop
{
    /// <summary>
    /// Runs one event loop over <paramref name="graph"/> for the actions of the <paramref name="requested"/> results
    /// that are not filled, whether pending or failed in an earlier loop, and every pending action; no-op if all the
    /// requested results are filled, or if there is nothing to run. The loop's actions are taken off the pending list
    /// whether it succeeds or fails: a failed action runs again only when its own result is requested again.
    /// </summary>
    public static void Run(GraphCore graph, IReadOnlyCollection<IResult> requested)
    {
        lock (graph.Lock)
        {
            // Another thread's loop may have filled them while this one waited for the lock.
            if (requested.Count > 0 && requested.All(r => r.IsReady)) return;
            var actions = graph.TakeForRun(requested);
            if (actions.Count == 0) return;
            try
            {
                new Plan(graph, actions).Execute();
                graph.RunCount++;
            }
            catch
            {
                foreach (var a in actions)
                {
                    try { a.Abort(); }
                    catch (Exception) { /* the loop's own exception is the one to report */ }
                }
                // Not booked again: actions booked later must not fail with this loop's error, and a failed result
                // re-runs its own action when read (the cause may have been transient).
                throw;
            }
        }
    }

    /// <summary>
    /// Runs, concurrently, one loop per dataset of the <paramref name="results"/> that are not filled, as
    /// <see cref="Run"/> does for each dataset with its results; each loop succeeds or fails on its own. Rethrows the
    /// failure of the one loop that failed, or throws an <see cref="AggregateException"/> of the failures of several.
    /// </summary>
    public static void RunMany(IEnumerable<IResult> results)
    {
        var groups = results.Where(r => !r.IsReady).GroupBy(r => r.Graph).Select(g => (Graph: g.Key, Results: g.Distinct().ToList())).ToList();
        if (groups.Count <= 1)
        {
            foreach (var (g, r) in groups) Run(g, r);
            return;
        }
        var errors = new List<Exception>();
        Parallel.ForEach(groups, g =>
        {
            try { Run(g.Graph, g.Results); }
            catch (Exception e) { lock (errors) errors.Add(e); }
        });
        if (errors.Count == 1) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(errors[0]).Throw();
        if (errors.Count > 1) throw new AggregateException(errors);
    }
}

/// <summary>One run's plan: needed nodes, slot numbering, kernels; and its execution.</summary>
internal sealed class Plan
{
    private readonly GraphCore _graph;
    private readonly List<ActionNode> _actions;
    private readonly List<SelectionNode> _selections = [];
    private readonly Dictionary<SelectionNode, int> _selectionIndex = [];
    private readonly List<ColumnDef> _columns = [];
    private readonly Dictionary<ColumnDef, int> _columnIndex = [];
    private readonly Dictionary<FilterNode, FilterKernel> _filterKernels = [];
    private readonly Dictionary<DefineNode, DefineKernel> _defineKernels = [];
    private readonly List<FilterNode> _forcedFilters = [];
    private readonly int[][] _actionSlots;
    private readonly ExecutionOptions _options;
    /// <summary>For ranges below a filter: the number of entries reaching the range before each partition.</summary>
    private readonly Dictionary<RangeNode, long[]> _rangeOffsets = [];
    /// <summary>
    /// Per Define, the selection it is evaluated over in this plan: the lowest common one of its consumers here. It is
    /// the plan's, not the node's: a counting pass plans the same graph with other consumers.
    /// </summary>
    private readonly Dictionary<DefineNode, SelectionNode?> _evalSelection = [];

    public Plan(GraphCore graph, List<ActionNode> actions)
    {
        _graph = graph;
        _actions = actions;
        _options = graph.Options;
        _options.Validate();

        // Selections needed: those of the actions and of the filters a report asks for, with their ancestors.
        foreach (var a in actions)
        {
            AddSelection(a.At.OutputSelection);
            foreach (var f in a.RequiredFilters)
            {
                AddSelection(f);
                if (!_forcedFilters.Contains(f)) _forcedFilters.Add(f);
            }
        }
        // Expression Defines with one expression consumer are inlined into it (fusion across Defines).
        _combined = DefineInlining.Combine(actions.SelectMany(a => a.Inputs), _selections.OfType<FilterNode>());
        // Columns needed: the actions' inputs, the filters' inputs, and what defines need, transitively.
        var requirements = new Dictionary<DefineNode, SelectionNode?>();
        var pending = new Stack<(ColumnDef Column, SelectionNode? At)>();
        foreach (var a in actions)
            foreach (var c in a.Inputs) pending.Push((c, a.At.OutputSelection));
        foreach (var s in _selections)
            if (s is FilterNode f)
                foreach (var c in CodeOf(f).Inputs) pending.Push((c, f.Selection));
        // Requirement nodes of a define are merged (lowest common ancestor); a define's own inputs are needed over its
        // evaluation selection, so iterate until stable.
        while (pending.Count > 0)
        {
            var (column, at) = pending.Pop();
            AddColumn(column);
            if (column.Kind != ColumnKind.Define) continue;
            var d = column.Define!;
            SelectionNode? merged;
            if (requirements.TryGetValue(d, out var previous))
            {
                merged = SelectionNode.CommonAncestor(previous, at);
                if (merged == previous) continue;
            }
            else merged = at;
            // Never evaluate above the define's own position.
            if (!SelectionNode.IsAncestorOrSelf(d.Selection, merged)) merged = d.Selection;
            requirements[d] = merged;
            foreach (var c in CodeOf(d).Inputs) pending.Push((c, merged));
        }
        foreach (var (d, sel) in requirements)
        {
            _evalSelection[d] = sel;
            AddSelection(sel);
        }

        _actionSlots = [.. actions.Select(a => a.Inputs.Select(c => _columnIndex[c]).ToArray())];
        BuildKernels(requirements.Keys);
    }

    /// <summary>Filters and Defines that run the code of a group of inlined Defines (see <see cref="DefineInlining"/>).</summary>
    private readonly Dictionary<Node, ExpressionCode> _combined;

    /// <summary>The code a Filter runs in this plan: its own, or its own with inlined Defines.</summary>
    private NodeCode CodeOf(FilterNode f) => _combined.TryGetValue(f, out var c) ? c : f.Code;

    /// <summary>The code a Define runs in this plan: its own, or its own with inlined Defines.</summary>
    private NodeCode CodeOf(DefineNode d) => _combined.TryGetValue(d, out var c) ? c : d.Code;

    private void AddSelection(SelectionNode? s)
    {
        for (; s is not null && !_selectionIndex.ContainsKey(s); s = s.Selection)
        {
            _selectionIndex[s] = _selections.Count;
            _selections.Add(s);
        }
    }

    private void AddColumn(ColumnDef c)
    {
        if (_columnIndex.ContainsKey(c)) return;
        _columnIndex[c] = _columns.Count;
        _columns.Add(c);
    }

    private int[] Slots(NodeCode code) => [.. code.Inputs.Select(c => _columnIndex[c])];

    private void BuildKernels(IEnumerable<DefineNode> defines)
    {
        // Method names depend only on the order of the nodes in the plan, so identical graphs share compiled code.
        var requests = new List<ExpressionCompiler.KernelRequest>();
        var names = new Dictionary<Node, string>();
        var filters = _selections.OfType<FilterNode>().OrderBy(f => f.Id).ToList();
        foreach (var f in filters)
        {
            if (f.Code is LambdaCode l) _filterKernels[f] = l.CreateFilter(Slots(l));
            else requests.Add(Request(names[f] = $"F{requests.Count}", true, (ExpressionCode)CodeOf(f)));
        }
        foreach (var d in defines.OrderBy(d => d.Id))
        {
            if (d.Code is LambdaCode l) _defineKernels[d] = l.CreateDefine(Slots(l));
            else requests.Add(Request(names[d] = $"D{requests.Count}", false, (ExpressionCode)CodeOf(d)));
        }
        if (requests.Count == 0) return;
        var methods = ExpressionCompiler.CompileKernels(requests);
        foreach (var f in filters)
            if (names.TryGetValue(f, out var name)) _filterKernels[f] = new CompiledFilter(methods[name].CreateDelegate<Func<ChunkContext, Selection, int[], int>>());
        foreach (var d in defines)
            if (names.TryGetValue(d, out var name)) _defineKernels[d] = new CompiledDefine(methods[name].CreateDelegate<Action<ChunkContext, Selection, int>>());
    }

    private ExpressionCompiler.KernelRequest Request(string name, bool filter, ExpressionCode code) =>
        new(name, filter, code, Slots(code), [.. code.Inputs.Select(c => c.Kind == ColumnKind.Source && c.Type.IsGenericType)],
            [.. code.Inputs.Select(c => c.Type)]);

    private sealed class CompiledFilter(Func<ChunkContext, Selection, int[], int> f) : FilterKernel
    {
        public override int Evaluate(ChunkContext ctx, Selection input, int[] output) => f(ctx, input, output);
    }

    private sealed class CompiledDefine(Action<ChunkContext, Selection, int> f) : DefineKernel
    {
        public override void Evaluate(ChunkContext ctx, Selection sel, int output) => f(ctx, sel, output);
    }

    private long _entriesDone;
    private long _readTicks, _busyTicks, _bytesRead;
    private int _threadsUsed;
    private int _partitionsDone;
    private long _lastReportTicks;
    private readonly object _progressLock = new();
    private System.Diagnostics.Stopwatch _clock = new();
    private bool _reportProgress = true;

    /// <summary>Called by slots after each chunk: counts entries and reports progress at most once per interval.</summary>
    private void ChunkDone(int entries)
    {
        if (!_reportProgress || _options.Progress is null) return;
        Interlocked.Add(ref _entriesDone, entries);
        long now = _clock.ElapsedTicks;
        long last = Interlocked.Read(ref _lastReportTicks);
        if (now - last < _options.ProgressInterval.TotalSeconds * System.Diagnostics.Stopwatch.Frequency) return;
        if (Interlocked.CompareExchange(ref _lastReportTicks, now, last) != last) return;
        Report(finished: false);
    }

    private void Report(bool finished)
    {
        var progress = _options.Progress;
        if (progress is null || !_reportProgress) return;
        var source = _graph.Source;
        lock (_progressLock)
            progress(new LoopProgress(finished ? source.EntryCount : Interlocked.Read(ref _entriesDone), source.EntryCount,
                finished ? source.Partitions.Count : Volatile.Read(ref _partitionsDone), source.Partitions.Count, _clock.Elapsed, finished));
    }

    /// <summary>
    /// Processes only <paramref name="partitions"/> (positions in the source's partition list, ascending) and returns
    /// each partition's partial results (per action) in order, and the filters' pass/all counts: the work of one
    /// distributed task. Partials stay per partition so that the driver merges them in exactly the order of a local run.
    /// Ranges below filters need the whole dataset and are refused.
    /// </summary>
    public (List<object[]> Partials, Dictionary<FilterNode, (long Pass, long All)> Filters, long Entries) ExecutePartitions(IReadOnlyList<int> partitions)
    {
        if (_selections.OfType<RangeNode>().Any(r => r.Selection is not null))
            throw new NotSupportedException("a Range below a filter counts entries over the whole dataset and cannot run on a subset of partitions");
        for (int i = 1; i < partitions.Count; i++)
            if (partitions[i] <= partitions[i - 1]) throw new ArgumentException("partitions must be ascending and distinct", nameof(partitions));
        var all = _graph.Source.Partitions;
        var subset = partitions.Select(i => (uint)i < (uint)all.Count ? all[i] : throw new ArgumentOutOfRangeException(nameof(partitions), i, $"the source has {all.Count} partitions")).ToList();
        _reportProgress = false;
        var list = new List<object[]>();
        var counts = new (long Pass, long All)[_selections.Count];
        RunPartitions(subset, _actions.Count > 0, (partials, c) =>
        {
            list.Add(partials);
            AddCounts(counts, c);
        });
        return (list, Totals(counts).Filters, subset.Sum(p => p.EntryCount));
    }

    /// <summary>Runs the loop and publishes every action's result.</summary>
    public void Execute()
    {
        _clock = System.Diagnostics.Stopwatch.StartNew();
        var partitions = _graph.Source.Partitions;
        // Ranges below filters need, per partition, the number of entries that reached them in earlier partitions.
        foreach (var range in _selections.OfType<RangeNode>().OrderBy(r => r.Depth))
            if (range.Selection is not null)
                _rangeOffsets[range] = CountReaching(range, partitions);

        var merged = new object?[_actions.Count];
        var filterCounts = new (long Pass, long All)[_selections.Count];
        var sinks = _actions.Select(a => (IResultSink)a.Result).ToArray();
        var nextPartial = sinks.Select(s => s.PartialEvery).ToArray();
        long mergedEntries = 0;
        int partitionIndex = 0;
        RunPartitions(partitions, _actions.Count > 0, (partials, counts) =>
        {
            for (int a = 0; a < _actions.Count; a++)
                merged[a] = _actions[a].Accumulate(merged[a], partials[a]);
            AddCounts(filterCounts, counts);
            mergedEntries += partitions[partitionIndex++].EntryCount;
            Interlocked.Increment(ref _partitionsDone);
            for (int a = 0; a < _actions.Count; a++)
            {
                if (nextPartial[a] <= 0 || mergedEntries < nextPartial[a] || !_actions[a].SupportsPartialResults) continue;
                long every = sinks[a].PartialEvery;
                while (nextPartial[a] <= mergedEntries) nextPartial[a] += every;
                try
                {
                    sinks[a].NotifyPartial(_actions[a].Finish(merged[a]!, Totals(filterCounts)));
                }
                catch (Exception e) when (e is not EventLoopException)
                {
                    throw new EventLoopException(_actions[a].Description + " (OnPartialResult callback)", -1, e);
                }
            }
        });
        Report(finished: true);
        var totals = Totals(filterCounts);
        for (int a = 0; a < _actions.Count; a++)
            _actions[a].Publish(merged[a] ?? _actions[a].NewPartial(), totals);
        double tick = 1.0 / System.Diagnostics.Stopwatch.Frequency;
        _graph.LastRun = new RunStatistics(_clock.Elapsed, _graph.Source.EntryCount, partitions.Count, _threadsUsed,
            TimeSpan.FromSeconds(_readTicks * tick), TimeSpan.FromSeconds(_busyTicks * tick), _bytesRead);
    }

    /// <summary>The filters' pass/all counts, indexed like the plan's selections, by filter node.</summary>
    private RunTotals Totals((long Pass, long All)[] counts)
    {
        var totals = new RunTotals();
        for (int s = 0; s < _selections.Count; s++)
            if (_selections[s] is FilterNode f) totals.Filters[f] = counts[s];
        return totals;
    }

    /// <summary>Adds one partition's filter counts into <paramref name="into"/>.</summary>
    private static void AddCounts((long Pass, long All)[] into, (long Pass, long All)[] counts)
    {
        for (int s = 0; s < counts.Length; s++) into[s] = (into[s].Pass + counts[s].Pass, into[s].All + counts[s].All);
    }

    /// <summary>A counting pass: entries reaching <paramref name="range"/> in each partition, as a prefix sum.</summary>
    private long[] CountReaching(RangeNode range, IReadOnlyList<Partition> partitions)
    {
        var perPartition = new long[partitions.Count];
        var pass = new Plan(_graph, [new CountAction { At = range.Parent!, Inputs = [], Description = $"counting entries that reach {range.Describe()}" }]) { _reportProgress = false };
        foreach (var (r, o) in _rangeOffsets) pass._rangeOffsets[r] = o;
        int index = 0;
        pass.RunPartitions(partitions, true, (partials, _) => perPartition[index++] = ((Box<long>)partials[0]).Value);
        var prefix = new long[partitions.Count + 1];
        for (int p = 0; p < partitions.Count; p++) prefix[p + 1] = prefix[p] + perPartition[p];
        return prefix;
    }

    /// <summary>True if no action can receive entries from partition <paramref name="p"/> (every action lies below an exhausted range).</summary>
    private bool CanSkip(Partition p, int index)
    {
        foreach (var a in _actions)
        {
            bool blocked = false;
            for (var s = a.At.OutputSelection; s is not null && !blocked; s = s.Selection)
            {
                if (s is not RangeNode r) continue;
                long reached = r.Selection is null ? p.FirstEntry : _rangeOffsets[r][index];
                if (reached >= r.End) blocked = true;
            }
            if (!blocked) return false;
        }
        return _forcedFilters.Count == 0 && _actions.Count > 0;
    }

    /// <summary>
    /// Processes every partition on the slots and hands each partition's partial results and filter counts to
    /// <paramref name="merge"/> in partition order (merge is called under a lock, never concurrently).
    /// </summary>
    private void RunPartitions(IReadOnlyList<Partition> partitions, bool any, Action<object[], (long Pass, long All)[]> merge)
    {
        if (!any) return;
        int threads = Math.Max(1, Math.Min(_options.Threads, partitions.Count));
        _threadsUsed = threads;
        int next = -1;
        int nextToMerge = 0;
        var done = new Dictionary<int, (object[] Partials, (long, long)[] Counts)>();
        var mergeLock = new object();
        Exception? failure = null;
        var cancel = new CancellationTokenSource();

        void Worker(int slot)
        {
            // Nothing may escape a worker thread (it would end the process): failures go to the caller.
            try
            {
                using var state = new SlotState(this, slot);
                try
                {
                    WorkerLoop(state);
                }
                finally
                {
                    Interlocked.Add(ref _readTicks, state.ReadTicks);
                    Interlocked.Add(ref _busyTicks, state.BusyTicks);
                    Interlocked.Add(ref _bytesRead, state.BytesRead);
                }
            }
            catch (Exception e)
            {
                lock (mergeLock) failure ??= e;
                cancel.Cancel();
            }
        }

        void WorkerLoop(SlotState state)
        {
            while (!cancel.IsCancellationRequested)
            {
                int p = Interlocked.Increment(ref next);
                if (p >= partitions.Count) break;
                object[] partials;
                (long, long)[] counts;
                try
                {
                    (partials, counts) = state.ProcessPartition(partitions[p], p);
                }
                catch (Exception e)
                {
                    lock (mergeLock) failure ??= e;
                    cancel.Cancel();
                    break;
                }
                lock (mergeLock)
                {
                    done[p] = (partials, counts);
                    try
                    {
                        while (done.Remove(nextToMerge, out var item))
                        {
                            merge(item.Partials, item.Counts);
                            nextToMerge++;
                        }
                    }
                    catch (Exception e)
                    {
                        failure ??= e;
                        cancel.Cancel();
                    }
                }
            }
        }

        if (threads == 1) Worker(0);
        else
        {
            var workers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                int slot = t;
                workers[t] = new Thread(() => Worker(slot)) { IsBackground = true, Name = $"EventFrame slot {slot}" };
                workers[t].Start();
            }
            foreach (var w in workers) w.Join();
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
    }

    /// <summary>Everything one slot needs: readers, column stores, selections, action fillers.</summary>
    private sealed class SlotState : IDisposable
    {
        private readonly Plan _plan;
        private readonly ChunkContext _ctx;
        private readonly IChunkReader?[] _readers;
        private readonly ActionFiller[] _fillers;
        private readonly long[] _rangeSeen;
        private readonly (long Pass, long All)[] _counts;
        private readonly Selection _single = new();
        private ulong _randomKey = ulong.MaxValue;
        private Partition _partition = new(0, 0, 0);

        public SlotState(Plan plan, int slot)
        {
            _plan = plan;
            _ctx = new ChunkContext(plan._columns.Count, plan._selections.Count) { Slot = slot };
            _readers = new IChunkReader?[plan._columns.Count];
            for (int c = 0; c < plan._columns.Count; c++) _ctx.Columns[c] = CreateStore(plan._columns[c]);
            _ctx.EnsureColumn = EnsureColumn;
            _ctx.EnsureRaw = (ctx, index) => EnsureAvailable(index);
            _fillers = [.. plan._actions.Select((a, i) => a.CreateFiller(plan._actionSlots[i]))];
            _rangeSeen = new long[plan._selections.Count];
            _counts = new (long, long)[plan._selections.Count];
        }

        private static ColumnStore CreateStore(ColumnDef c)
        {
            Type storeType;
            switch (c.Kind)
            {
                case ColumnKind.Source:
                    var t = c.Source!.Type;
                    var e = t.Element.ClrType();
                    storeType = t.Depth switch
                    {
                        0 => typeof(SourceFlatStore<>).MakeGenericType(e),
                        1 => typeof(SourceJaggedStore<>).MakeGenericType(e),
                        _ => typeof(SourceJagged2Store<>).MakeGenericType(e),
                    };
                    break;
                case ColumnKind.Define when c.Type.IsGenericType && c.Type.GetGenericTypeDefinition() == typeof(RVec<>) && Numeric.IsNumeric(c.Type.GetGenericArguments()[0]):
                    // A vector of numbers: typed-lambda kernels may store it as offsets into one array.
                    storeType = typeof(DefineVectorStore<>).MakeGenericType(c.Type.GetGenericArguments()[0]);
                    break;
                default:
                    storeType = typeof(ColumnStore<>).MakeGenericType(c.Type);
                    break;
            }
            return (ColumnStore)Activator.CreateInstance(storeType, nonPublic: true)!;
        }

        public (object[] Partials, (long, long)[] Counts) ProcessPartition(Partition partition, int index)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            // Lets the kernels' and lambdas' arena allocations find this thread's arena from the stack pointer
            // instead of a thread-static lookup (RVecArena.Allocate runs once per event in vector lambdas).
            byte frame = 0;
            using var arena = RVecArena.EnterWindow(ref frame, _ctx.Slot);
            try
            {
                return ProcessPartitionCore(partition, index);
            }
            finally
            {
                BusyTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
            }
        }

        private (object[] Partials, (long, long)[] Counts) ProcessPartitionCore(Partition partition, int index)
        {
            var partials = _plan._actions.Select(a => a.NewPartial()).ToArray();
            Array.Clear(_counts);
            if (_plan.CanSkip(partition, index)) return (partials, ((long, long)[])_counts.Clone());
            _partition = partition;
            _ctx.Partition = partition;
            for (int s = 0; s < _plan._selections.Count; s++)
                if (_plan._selections[s] is RangeNode r)
                    _rangeSeen[s] = r.Selection is null ? partition.FirstEntry : _plan._rangeOffsets[r][index];
            int chunk = _plan._options.ChunkSize;
            for (long first = partition.FirstEntry; first < partition.EndEntry; first += chunk)
            {
                int n = (int)Math.Min(chunk, partition.EndEntry - first);
                BeginChunk(first, n);
                for (int a = 0; a < _fillers.Length; a++)
                {
                    var action = _plan._actions[a];
                    var sel = EnsureSelection(action.At.OutputSelection);
                    if (sel.Count == 0) continue;
                    foreach (var c in _plan._actionSlots[a]) EnsureAvailable(c);
                    _fillers[a].Fill(_ctx, sel, partials[a]);
                }
                foreach (var f in _plan._forcedFilters) EnsureSelection(f);
                _plan.ChunkDone(n);
            }
            return (partials, ((long, long)[])_counts.Clone());
        }

        private void BeginChunk(long first, int n)
        {
            _ctx.FirstEntry = first;
            _ctx.Count = n;
            foreach (var store in _ctx.Columns) store.Ready = store.RawReady = false;
            foreach (var s in _ctx.Selections) s.Computed = false;
            _ctx.All.SetDense(n);
            _randomKey = ulong.MaxValue;
            RVecArena.Reset();
        }

        private Selection EnsureSelection(SelectionNode? node)
        {
            if (node is null) return _ctx.All;
            int index = _plan._selectionIndex[node];
            var sel = _ctx.Selections[index];
            if (sel.Computed) return sel;
            var input = EnsureSelection(node.Selection);
            var buffer = sel.Buffer(input.Count);
            int passed;
            if (input.Count == 0) passed = 0;
            else if (node is FilterNode f)
            {
                var kernel = _plan._filterKernels[f];
                PrepareInputs(_plan.CodeOf(f));
                try
                {
                    passed = kernel.Evaluate(_ctx, input, buffer);
                }
                catch (Exception e) when (e is not EventLoopException)
                {
                    throw Locate(f, input, e, s => kernel.Evaluate(_ctx, s, sel.Buffer(Math.Max(1, input.Count))));
                }
            }
            else
            {
                var r = (RangeNode)node;
                long seen = _rangeSeen[index];
                passed = 0;
                for (int k = 0; k < input.Count; k++)
                {
                    long idx = seen + k;
                    if (idx >= r.Begin && idx < r.End && (idx - r.Begin) % r.Stride == 0) buffer[passed++] = input.At(k);
                }
                _rangeSeen[index] = seen + input.Count;
            }
            if (passed == input.Count && input.Dense) sel.SetDense(passed);
            else sel.SetIndices(passed);
            _counts[index] = (_counts[index].Pass + passed, _counts[index].All + input.Count);
            return sel;
        }

        /// <summary>Makes every input of a node ready, the per-node random stream last (its store is shared).</summary>
        private void PrepareInputs(NodeCode code)
        {
            bool random = false;
            foreach (var c in code.Inputs)
            {
                if (c.Kind == ColumnKind.Random) random = true;
                else EnsureAvailable(_plan._columnIndex[c]);
            }
            if (random)
            {
                int slot = _plan._columnIndex[code.Inputs.First(c => c.Kind == ColumnKind.Random)];
                if (_randomKey != code.StreamKey)
                {
                    _ctx.Columns[slot].Ready = false;
                    _randomKey = code.StreamKey;
                }
                EnsureReady(slot);
            }
        }

        private void EnsureReady(int index)
        {
            if (!_ctx.Columns[index].Ready) EnsureColumn(_ctx, index);
        }

        /// <summary>
        /// Makes a column usable: computes Defines; reads source columns' buffers, but builds the per-entry RVec views
        /// of jagged source columns only when code asks for them (kernels over offsets and values don't).
        /// </summary>
        private void EnsureAvailable(int index)
        {
            var store = _ctx.Columns[index];
            if (store.Ready) return;
            if (_plan._columns[index].Kind != ColumnKind.Source)
            {
                // A vector Define's results in the offsets form are available without views.
                if (store is IFlatVectorStore)
                {
                    if (!store.RawReady) EvaluateDefine(_ctx, index, store);
                }
                else EnsureColumn(_ctx, index);
                return;
            }
            if (store.RawReady) return;
            ReadSource(index, _plan._columns[index], store, attach: store is not ISourceStore { DeferredViews: true });
        }

        private void EnsureColumn(ChunkContext ctx, int index)
        {
            var column = _plan._columns[index];
            var store = ctx.Columns[index];
            switch (column.Kind)
            {
                case ColumnKind.Source:
                    if (!store.RawReady) ReadSource(index, column, store, attach: true);
                    else ((ISourceStore)store).Attach();
                    break;
                case ColumnKind.Entry:
                    {
                        var o = ((ColumnStore<ulong>)store).Own(ctx.Count);
                        for (int i = 0; i < o.Length; i++) o[i] = (ulong)(ctx.FirstEntry + i);
                        break;
                    }
                case ColumnKind.Slot:
                    ((ColumnStore<uint>)store).Own(ctx.Count).Fill((uint)ctx.Slot);
                    break;
                case ColumnKind.Random:
                    {
                        var o = ((ColumnStore<EntryRandom>)store).Own(ctx.Count);
                        ulong seed = _plan._graph.Seed, key = _randomKey;
                        for (int i = 0; i < o.Length; i++) o[i] = new EntryRandom(seed, (ulong)(ctx.FirstEntry + i), key);
                        break;
                    }
                case ColumnKind.Define:
                    if (!store.RawReady) EvaluateDefine(ctx, index, store);
                    if (store is IFlatVectorStore { Flat.Valid: true } flat) flat.Attach();
                    break;
            }
            store.Ready = true;
        }

        /// <summary>
        /// Runs Define <paramref name="index"/>'s kernel over its evaluation selection. A vector Define left in the
        /// offsets form is marked evaluated (RawReady) but not Ready: its views are built only if code asks for them.
        /// </summary>
        private void EvaluateDefine(ChunkContext ctx, int index, ColumnStore store)
        {
            var flat = (store as IFlatVectorStore)?.Flat;
            flat?.Reset();
            var d = _plan._columns[index].Define!;
            var sel = EnsureSelection(_plan._evalSelection[d]);
            PrepareInputs(_plan.CodeOf(d));
            var kernel = _plan._defineKernels[d];
            try
            {
                kernel.Evaluate(ctx, sel, index);
            }
            catch (Exception e) when (e is not EventLoopException)
            {
                throw Locate(d, sel, e, s => kernel.Evaluate(ctx, s, index));
            }
            store.RawReady = true;
            if (flat is null || !flat.Valid) store.Ready = true;
        }

        /// <summary>Time spent in the source's readers (reading, decompressing, decoding), in Stopwatch ticks.</summary>
        public long ReadTicks;

        /// <summary>Uncompressed bytes delivered by the source's readers.</summary>
        public long BytesRead;

        /// <summary>Time this slot spent processing partitions, in Stopwatch ticks.</summary>
        public long BusyTicks;

        private void ReadSource(int index, ColumnDef column, ColumnStore store, bool attach)
        {
            var reader = _readers[index] ??= _plan._graph.Source.CreateReader([column.Name]);
            var source = (ISourceStore)store;
            var buffer = source.Buffer;
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            reader.ReadChunk(_partition, _ctx.FirstEntry, _ctx.Count, [buffer]);
            ReadTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t0;
            BytesRead += buffer.ByteSize;
            if (buffer.EntryCount != _ctx.Count)
                throw new InvalidOperationException($"{_plan._graph.Source.Description}: column '{column.Name}' delivered {buffer.EntryCount} entries for a chunk of {_ctx.Count} at entry {_ctx.FirstEntry}");
            store.RawReady = true;
            store.RawRead();
            if (attach)
            {
                source.Attach();
                store.Ready = true;
            }
        }

        /// <summary>Replays a failed kernel entry by entry to name the entry whose code threw.</summary>
        private EventLoopException Locate(Node node, Selection sel, Exception original, Action<Selection> replay)
        {
            var buffer = _single.Buffer(1);
            for (int k = 0; k < sel.Count; k++)
            {
                buffer[0] = sel.At(k);
                _single.SetIndices(1);
                try
                {
                    replay(_single);
                }
                catch (Exception e) when (e is not EventLoopException)
                {
                    return new EventLoopException(node.Describe(), _ctx.FirstEntry + sel.At(k), e);
                }
            }
            return new EventLoopException(node.Describe(), -1, original);
        }

        public void Dispose()
        {
            foreach (var r in _readers) r?.Dispose();
        }
    }
}
