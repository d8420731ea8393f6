// Renders bench/results/chart.svg from the result JSONs in bench/results/ with Vega-Lite → Vega
// (pure JavaScript, headless: no canvas, no browser).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR } from './bench-kit';
import { chartSpec, memoryPoints, parseResult, ratioPoints, type BenchResult } from './chart-spec';

/** Every `<name>.json` in bench/results/, checked. */
function readResults(): BenchResult[] {
  return readdirSync(RESULTS_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) =>
      parseResult(join('bench/results', file), JSON.parse(readFileSync(join(RESULTS_DIR, file), 'utf8'))),
    );
}

/** Writes bench/results/chart.svg; returns its path. */
export async function renderChart(): Promise<string> {
  // vega and vega-lite are ESM only: loaded with import(), not require.
  const vega = await import('vega');
  const { compile } = await import('vega-lite');
  const results = readResults();
  const dates = results.map((r) => r.at.slice(0, 10)).sort();
  const subtitle = `npm run bench, results of ${dates[0]} – ${dates[dates.length - 1]} (bench/results/*.json)`;
  const spec = chartSpec(
    ratioPoints(results),
    memoryPoints(results.find((r) => r.benchmark === 'memory')),
    subtitle,
  );
  const view = new vega.View(vega.parse(compile(spec as never).spec), { renderer: 'none' });
  const file = join(RESULTS_DIR, 'chart.svg');
  writeFileSync(file, (await view.toSVG()) + '\n');
  view.finalize();
  return file;
}
