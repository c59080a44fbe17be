/**
 * The results table: one row per figure, a column per implementation, beamish/BEAM ratios,
 * the target and whether each Node met it.
 */
import chalk from 'chalk';

function num(v, unit) {
  if (typeof v === 'boolean') return String(v);
  if (typeof v !== 'number' || !Number.isFinite(v)) return v === undefined ? '—' : String(v);
  if (unit.endsWith('/s')) {
    if (v >= 1e6) return `${(v / 1e6).toPrecision(3)} M${unit}`;
    if (v >= 1e4) return `${(v / 1e3).toPrecision(3)} k${unit}`;
  }
  const s = Math.abs(v) >= 1000 ? String(Math.round(v)) : v === 0 ? '0' : v.toPrecision(3);
  return unit ? `${s} ${unit}` : s;
}

function ratio(a, b) {
  return typeof a === 'number' && typeof b === 'number' && b > 0 ? `${(a / b).toFixed(2)}×` : '—';
}

const mark = (pass) => (pass === true ? chalk.green('pass') : pass === false ? chalk.red('FAIL') : '—');

/**
 * Builds the rows. `impls` is [{ key, label, nodeMajor? }] for the beamish columns; results are
 * { [workloadName]: { [implKey]: medianResult } }, with 'beam' for the BEAM's.
 */
export function buildRows(workloads, results, impls, haveBeam) {
  const rows = [];
  for (const w of workloads) {
    const r = results[w.name] ?? {};
    const beam = r.beam;
    for (const row of w.rows) {
      const m = row.metric;
      const values = impls.map((i) => r[i.key]?.[m]);
      const beamValue = row.beam === false ? undefined : beam?.[m];
      if (values.every((v) => v === undefined) && beamValue === undefined) continue;
      const checks = impls.map((impl, k) => {
        if (row.target === undefined || values[k] === undefined) return undefined;
        return row.target({ value: values[k], beam: beamValue, result: r[impl.key], beamResult: beam, nodeMajor: impl.nodeMajor });
      });
      const targetText = checks.find((c) => c !== undefined)?.text ?? (row.target ? row.target({ value: NaN, result: {}, nodeMajor: 20 }).text : '');
      rows.push({
        workload: w.title,
        metric: m,
        unit: row.unit ?? '',
        values: Object.fromEntries(impls.map((i, k) => [i.key, values[k]])),
        beam: beamValue,
        target: targetText,
        pass: Object.fromEntries(impls.map((i, k) => [i.key, checks[k]?.pass ?? null])),
        haveBeam,
      });
    }
  }
  return rows;
}

/** The rows as aligned text. */
export function renderTable(rows, impls, haveBeam) {
  const header = ['workload', 'figure', ...impls.map((i) => i.label)];
  if (haveBeam) header.push('BEAM', ...impls.map((i) => `${i.short}/BEAM`));
  header.push('target', ...impls.map((i) => i.short));
  const lines = rows.map((r) => {
    const cells = [r.workload, r.metric, ...impls.map((i) => num(r.values[i.key], r.unit))];
    if (haveBeam) cells.push(num(r.beam, r.unit), ...impls.map((i) => ratio(r.values[i.key], r.beam)));
    cells.push(r.target, ...impls.map((i) => mark(r.pass[i.key])));
    return cells;
  });
  const width = (s) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths = header.map((h, c) => Math.max(width(h), ...lines.map((l) => width(l[c]))));
  const pad = (s, c) => {
    const n = widths[c] - width(s);
    return c < 2 || c === header.indexOf('target') ? s + ' '.repeat(n) : ' '.repeat(n) + s;
  };
  const fmt = (cells) => cells.map(pad).join('  ').trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}
