// Reads a ROOT file with JSROOT (an implementation independent of EventFrame) and prints what it finds as JSON.
//   node dump.mjs FILE tree TREE BRANCH[,BRANCH...]   -> {"entries": n, "rows": [[v, ...], ...]}
//   node dump.mjs FILE hist PATH                       -> {"class", "array", "sumw2", "entries", "tsumw", ...}
import { openFile } from 'jsroot';
import { TSelector, treeProcess } from 'jsroot/tree';

const [file, mode, what, list] = process.argv.slice(2);
// ROOT strings are bytes; JSROOT hands them over one char per byte, so decode them as UTF-8 here.
const plain = v => (ArrayBuffer.isView(v) || Array.isArray(v)) ? Array.from(v, plain)
   : typeof v === 'bigint' ? Number(v)
   : typeof v === 'string' ? Buffer.from(v, 'latin1').toString('utf8') : v;

// JSROOT reports streaming problems (e.g. "Missmatch in TH1:8 bytecount") on the console and carries on; treat any
// such message as a failure so that a file JSROOT only half understands does not pass.
const complaints = [];
console.log = (...args) => complaints.push(args.join(' '));
console.warn = console.log;
const print = text => {
   if (complaints.length) {
      process.stderr.write('JSROOT complained:\n' + complaints.join('\n') + '\n');
      process.exit(3);
   }
   process.stdout.write(text + '\n');
};

const f = await openFile(file);
if (mode === 'tree') {
   const tree = await f.readObject(what);
   const branches = list.split(',');
   const rows = [];
   const sel = new TSelector();
   for (const b of branches) sel.addBranch(b);
   sel.Process = function() { rows.push(branches.map(b => plain(this.tgtobj[b]))); };
   await treeProcess(tree, sel);
   print(JSON.stringify({ entries: Number(tree.fEntries), rows }));
} else if (mode === 'hist') {
   const h = await f.readObject(what);
   const axis = a => ({ nbins: a.fNbins, min: a.fXmin, max: a.fXmax, edges: plain(a.fXbins), title: a.fTitle });
   print(JSON.stringify({
      class: h._typename, title: h.fTitle, array: plain(h.fArray), sumw2: plain(h.fSumw2), entries: h.fEntries,
      tsumw: h.fTsumw, tsumw2: h.fTsumw2, tsumwx: h.fTsumwx, tsumwx2: h.fTsumwx2,
      tsumwy: h.fTsumwy ?? null, tsumwz: h.fTsumwz ?? null, tsumwyz: h.fTsumwyz ?? null,
      binEntries: h.fBinEntries ? plain(h.fBinEntries) : null, binSumw2: h.fBinSumw2 ? plain(h.fBinSumw2) : null,
      xaxis: axis(h.fXaxis), yaxis: axis(h.fYaxis)
   }));
} else {
   console.error('usage: node dump.mjs FILE tree TREE BRANCHES | FILE hist PATH');
   process.exit(2);
}
