/**
 * Targets of the table (issues #2 and #3). A target sees the beamish figure, the BEAM figure
 * of the same run, both whole results and the Node major version, and says pass or fail
 * (null when it cannot be judged, e.g. no BEAM figure).
 */

const fmt = (k) => String(k);

/** beamish/BEAM ≤ k (times: "in at most k times BEAM's time"). */
export function ratioAtMost(k) {
  return ({ value, beam }) => ({
    text: `≤ ${fmt(k)}× BEAM`,
    pass: beam == null || !(beam > 0) ? null : value / beam <= k,
  });
}

/** beamish/BEAM ≥ k, with another k on Node 24 and later (rates). */
export function ratioAtLeast(k, onNode24 = k) {
  return ({ value, beam, nodeMajor }) => {
    const need = nodeMajor >= 24 ? onNode24 : k;
    return { text: `≥ ${fmt(need)}× BEAM`, pass: beam == null || !(beam > 0) ? null : value / beam >= need };
  };
}

/** An absolute ceiling. */
export function atMost(limit, unit) {
  return ({ value }) => ({ text: `≤ ${limit} ${unit}`, pass: value <= limit });
}

/** At most k times another figure of the same beamish result. */
export function atMostTimes(k, otherKey) {
  return ({ value, result }) => ({
    text: `≤ ${fmt(k)}× ${otherKey}`,
    pass: typeof result[otherKey] === 'number' ? value <= k * result[otherKey] : null,
  });
}

/** A boolean field that must be true. */
export function isTrue() {
  return ({ value }) => ({ text: 'true', pass: value === true });
}
