import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import { groupOf } from './bundle';

/** A V8 CPU profile as the inspector's Profiler.stop returns it (times in µs). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  ms: number;
}

export interface ExthostProfileSummary {
  /** Wall time the summary covers. */
  wallMs: number;
  /** Self time by where the code comes from: our bundle by input, VS Code, Node, other extensions, idle, GC. */
  byGroup: Share[];
  /** Self time by function (bundle functions by their original source position). */
  topFunctions: Share[];
  /** Inclusive time of the bundle's top-level code (evaluating dist/extension.js once required). */
  bundleEvalMs: number;
  /** Inclusive time of code in src/extension.ts (activate() and its continuations). */
  activateMs: number;
}

/**
 * Where an extension host's CPU went between two times of the profile's clock (µs), with our
 * bundle's frames mapped back to their sources (`bundleName` ends the installed bundle's URL; `map`
 * is the map of the same build).
 */
export function summarizeCpuProfile(
  profile: CpuProfile,
  bundleName: string,
  map: string,
  window: { fromUs: number; toUs: number },
): ExthostProfileSummary {
  const sourceMap = new SourceMap(JSON.parse(fs.readFileSync(map, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i];
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (at >= window.fromUs && at < window.toUs) {
      selfUs.set(id, (selfUs.get(id) ?? 0) + us);
    }
  });
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  profile.nodes.forEach((n) => n.children?.forEach((c) => parent.set(c, n.id)));
  const where = new Map<number, { group: string; fn: string }>();
  for (const n of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = n.callFrame;
    let group: string;
    let fn = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    if (url.endsWith(bundleName)) {
      const entry = sourceMap.findEntry(lineNumber, columnNumber) as { originalSource?: string; originalLine?: number };
      const source = (entry.originalSource ?? '').replace(/^(\.\.\/)+/, '');
      group = source ? groupOf(source) : 'our bundle, unmapped (esbuild runtime helpers)';
      fn = `${functionName || '(anonymous)'} ${source}:${(entry.originalLine ?? 0) + 1}`;
    } else if (/^\((idle|program|garbage collector|root)\)$/.test(functionName)) {
      group = functionName;
    } else if (!url || url.startsWith('node:')) {
      group = 'Node.js (internals, natives)';
    } else if (url.startsWith('wasm://')) {
      group = "WebAssembly (undici's llhttp parser)";
    } else if (/\/extensions\//.test(url)) {
      group = 'other extensions (built in)';
    } else if (/\/lib\/vscode\/out\//.test(url)) {
      group = 'VS Code extension host';
    } else {
      group = `other: ${url.split('/').slice(-3).join('/')}`;
    }
    where.set(n.id, { group, fn });
  }
  const sum = (key: (id: number) => string): Share[] => {
    const totals = new Map<string, number>();
    selfUs.forEach((us, id) => totals.set(key(id), (totals.get(key(id)) ?? 0) + us / 1000));
    return [...totals].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  };
  // Inclusive time of the outermost frames matching `match` (nested matches are not counted twice).
  const inclusive = (match: (id: number) => boolean): number => {
    let us = 0;
    selfUs.forEach((t, id) => {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        if (match(at)) {
          us += t;
          break;
        }
      }
    });
    return us / 1000;
  };
  return {
    wallMs: (window.toUs - window.fromUs) / 1000,
    byGroup: sum((id) => where.get(id)!.group),
    topFunctions: sum((id) => where.get(id)!.fn)
      .filter((s) => !/^\(/.test(s.name))
      .slice(0, 15),
    bundleEvalMs: inclusive((id) => {
      const f = byId.get(id)!.callFrame;
      return f.url.endsWith(bundleName) && f.lineNumber === 0 && f.columnNumber === 0;
    }),
    activateMs: inclusive((id) => where.get(id)!.fn.includes(' src/extension.ts:')),
  };
}

/** A Chrome trace event (the fields used here). */
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Trace event names → what DevTools calls them in its summary. */
const CATEGORIES: [RegExp, string][] = [
  [/^(MajorGC|MinorGC|V8\.GC|BlinkGC|GCEvent)/, 'garbage collection'],
  [
    /^(Layout|UpdateLayoutTree|RecalculateStyles|ScheduleStyleRecalculation|HitTest|LayoutShift|IntersectionObserver)/,
    'rendering (style, layout)',
  ],
  [/^(Paint|PrePaint|Layerize|PaintImage|UpdateLayer|CompositeLayers|Commit|RasterTask|Decode)/, 'painting'],
  [/^(ParseHTML|ParseAuthorStyleSheet|ResourceSend|ResourceReceive|ResourceFinish)/, 'loading'],
  [
    /^(FunctionCall|EvaluateScript|v8\.|V8\.|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|XHR|FireIdleCallback|TimeStamp|ConsoleTime)/,
    'scripting',
  ],
];

/**
 * The renderer main thread's busy time between `from` and `to` (epoch ms), by DevTools category,
 * from self times of the trace's complete events (a Layout forced by a script is counted as
 * rendering, not twice).
 */
export function summarizeTrace(
  trace: { traceEvents: TraceEvent[] },
  from: number,
  to: number,
  clockOffsetMs: number,
): { windowMs: number; byCategory: Share[] } {
  const main = trace.traceEvents.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const events = trace.traceEvents
    .filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .map((e) => ({ name: e.name, start: e.ts / 1000 + clockOffsetMs, end: (e.ts + e.dur!) / 1000 + clockOffsetMs }))
    .filter((e) => e.end > from && e.start < to)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const totals = new Map<string, number>();
  const stack: { name: string; start: number; end: number; child: number }[] = [];
  const close = (until: number): void => {
    while (stack.length && stack[stack.length - 1].end <= until) {
      const done = stack.pop()!;
      const self = Math.min(done.end, to) - Math.max(done.start, from) - done.child;
      const category =
        CATEGORIES.find(([re]) => re.test(done.name))?.[1] ?? (done.name === 'RunTask' ? 'task overhead' : `other (${done.name})`);
      totals.set(category, (totals.get(category) ?? 0) + Math.max(0, self));
      if (stack.length) {
        stack[stack.length - 1].child += Math.min(done.end, to) - Math.max(done.start, from);
      }
    }
  };
  for (const e of events) {
    close(e.start);
    stack.push({ ...e, child: 0 });
  }
  close(Infinity);
  const busy = [...totals.values()].reduce((a, b) => a + b, 0);
  const byCategory = [...totals].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  byCategory.push({ name: 'idle (waiting: extension host, server, timers)', ms: Math.max(0, to - from - busy) });
  return { windowMs: to - from, byCategory };
}
