// The statistics every extension benchmark reports, in one place: percentiles by the nearest-rank method (no
// interpolation: a reported p95 is a time that was measured), the median as the mean of the middle two when even.

/** A sorted copy, ascending. */
export const sorted = (xs) => [...xs].sort((a, b) => a - b);

/** The p-th percentile (0 < p ≤ 1), nearest rank. */
export const pct = (xs, p) => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};

/** The median. */
export const median = (xs) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Count, median, p95, max and min of a series of times in milliseconds. */
export const stats = (xs) => ({ n: xs.length, median_ms: median(xs), p95_ms: pct(xs, 0.95), max_ms: Math.max(...xs),
  min_ms: Math.min(...xs) });
