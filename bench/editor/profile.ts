import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../test/e2e/harness/testbed';
import { waitFor } from '../../test/e2e/harness/wait';
import { lastPointerDown } from './probe';
import { Scale, SCALES } from './projects';
import { CpuProfile, ExthostProfileSummary, Share, summarizeCpuProfile, summarizeTrace } from './timeline';
import { BenchWindow } from './window';

const execFileAsync = promisify(execFile);

/** The loopback port of a process's Node inspector (started with --inspect=127.0.0.1:0). */
async function inspectorPort(pid: number): Promise<number> {
  return waitFor(
    async () => {
      const { stdout } = await execFileAsync('ss', ['-ltnpH']);
      const line = stdout.split('\n').find((l) => l.includes(`pid=${pid},`));
      return line ? Number(/127\.0\.0\.1:(\d+)/.exec(line)?.[1]) : undefined;
    },
    { timeout: 30_000, message: `the inspector of process ${pid}` },
  );
}

/** The smallest Chrome DevTools Protocol client: one target, requests answered by id. */
class Inspector {
  private next = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) {
        this.pending.get(message.id)?.(message.result);
        this.pending.delete(message.id);
      }
    });
  }

  static async connect(port: number): Promise<Inspector> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new Inspector(socket);
  }

  send<T = unknown>(method: string, params: object = {}): Promise<T> {
    const id = this.next++;
    this.socket.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve) => this.pending.set(id, resolve as (result: unknown) => void));
  }

  close(): void {
    this.socket.close();
  }
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'];

interface PhaseProfile {
  phase: string;
  wallMs: number;
  exthost: ExthostProfileSummary;
  renderer: { windowMs: number; byCategory: Share[] };
}

/**
 * Profiles `act` (which returns the epoch ms of its start and end, e.g. click and first row):
 * the extension host's CPU through its inspector and the renderer's main thread through a
 * Chrome trace; both saved under bench/results/ for DevTools, summarised for the report.
 */
async function profilePhase(w: BenchWindow, phase: string, act: () => Promise<{ from: number; to: number }>): Promise<PhaseProfile> {
  // Before the profiler starts: its sampling keeps the host from ever looking quiet.
  await w.settle();
  const inspector = await Inspector.connect(await inspectorPort(w.exthost));
  const { page } = w.wb;
  try {
    await inspector.send('Profiler.enable');
    await inspector.send('Profiler.setSamplingInterval', { interval: 200 });
    await inspector.send('Profiler.start');
    await w.session.browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const offset = await clockOffset(page);
    const { from, to } = await act();
    const trace = JSON.parse(String(await w.session.browser.stopTracing())) as Parameters<typeof summarizeTrace>[0];
    const { profile } = await inspector.send<{ profile: CpuProfile }>('Profiler.stop');
    // V8 stamps profiles with the system's monotonic clock, which this process reads too.
    const monotonicMs = Number(process.hrtime.bigint()) / 1e6 - Date.now();
    const base = path.join(repoRoot, 'bench', 'results', `ui-profile-${w.scale}-${phase.replace(/\W+/g, '-')}`);
    fs.writeFileSync(`${base}.cpuprofile`, JSON.stringify(profile));
    fs.writeFileSync(`${base}.trace.json`, JSON.stringify(trace));
    return {
      phase,
      wallMs: to - from,
      exthost: summarizeCpuProfile(profile, 'dist/extension.js', path.join(repoRoot, 'dist', 'extension.js.map'), {
        fromUs: (from + monotonicMs) * 1000,
        toUs: (to + monotonicMs) * 1000,
      }),
      renderer: summarizeTrace(trace, from, to, offset.of(trace)),
    };
  } finally {
    inspector.close();
  }
}

/** Ties the trace's clock to the page's wall clock: a console.timeStamp made at a known epoch ms. */
async function clockOffset(page: Page): Promise<{ of(trace: { traceEvents: { name: string; ts: number; args?: unknown }[] }): number }> {
  const at = Number(
    await page.evaluate(
      `(() => { const t = performance.timeOrigin + performance.now(); console.timeStamp('lxdx-bench-sync'); return t; })()`,
    ),
  );
  return {
    of: (trace) => {
      const mark = trace.traceEvents.find((e) => e.name === 'TimeStamp' && JSON.stringify(e.args ?? {}).includes('lxdx-bench-sync'));
      if (!mark) {
        throw new Error('the trace has no lxdx-bench-sync time stamp');
      }
      return at - mark.ts / 1000;
    },
  };
}

/**
 * `BENCH_PROFILE=1 npm run bench:ui`: one window per scale with the extension host under the
 * inspector (code-server started with NODE_OPTIONS=--inspect=127.0.0.1:0); profiles the cold first
 * row (the click waits until the host is up, so the profiler runs before the extension loads),
 * a warm Refresh, and the first click in a new window whose extension host is up and idle.
 */
export async function profileRun(): Promise<void> {
  await execFileAsync(process.execPath, ['esbuild.mjs', '--production', '--sourcemap'], { cwd: repoRoot });
  fs.mkdirSync(path.join(repoRoot, 'bench', 'results'), { recursive: true });
  for (const scale of SCALES) {
    const w = await BenchWindow.open(scale, { NODE_OPTIONS: '--inspect=127.0.0.1:0' });
    try {
      await w.followExtensionHost(0);
      const phases = [
        await profilePhase(w, 'cold first row', async () => {
          const { total } = await w.firstRow();
          const click = await lastPointerDown(w.wb.page);
          return { from: click, to: click + total };
        }),
      ];
      phases.push(
        await profilePhase(w, 'warm Refresh', async () => {
          const total = await w.refresh();
          const click = await lastPointerDown(w.wb.page);
          return { from: click, to: click + total };
        }),
      );
      await w.newWindowHostUp();
      phases.push(
        await profilePhase(w, 'host-up first click', async () => {
          const { total } = await w.firstRow();
          const click = await lastPointerDown(w.wb.page);
          return { from: click, to: click + total };
        }),
      );
      printProfiles(scale, phases);
    } finally {
      await w.close();
    }
  }
}

function printProfiles(scale: Scale, phases: PhaseProfile[]): void {
  const line = (s: Share): string => `      ${s.ms.toFixed(0).padStart(6)} ms  ${s.name}`;
  for (const p of phases) {
    console.log(`\n## ${scale}/server, ${p.phase}: ${p.wallMs.toFixed(0)} ms`);
    console.log(
      `  extension host (profile ${p.exthost.wallMs.toFixed(0)} ms): bundle evaluation ${p.exthost.bundleEvalMs.toFixed(0)} ms, src/extension.ts (activate) ${p.exthost.activateMs.toFixed(0)} ms inclusive`,
    );
    console.log('    self time by origin:');
    p.exthost.byGroup.filter((s) => s.ms >= 5).forEach((s) => console.log(line(s)));
    console.log('    busiest functions (self):');
    p.exthost.topFunctions.slice(0, 10).forEach((s) => console.log(line(s)));
    console.log(`  renderer main thread, click → row (${p.renderer.windowMs.toFixed(0)} ms):`);
    p.renderer.byCategory.filter((s) => s.ms >= 5).forEach((s) => console.log(line(s)));
  }
}
