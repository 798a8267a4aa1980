/**
 * Deterministic pseudo-random numbers in DuckDB SQL. `random()` depends on thread scheduling, so
 * every draw is a hash of the row's number, the seed and a tag naming what is drawn: the same seed
 * gives the same data on any machine and any number of threads.
 */
export function randomMacrosSql(seed: number): string {
  const s = Math.trunc(seed);
  return `
    -- 64-bit hash of (key, seed, tag); for integer draws: h(...) % n. DuckDB combines the hashes
    -- of several arguments cheaply (draws with different tags would be correlated), so the
    -- combination is hashed again.
    create or replace temp macro h(k, tag) as hash(hash(k, ${s}, tag));
    create or replace temp macro h2(k, j, tag) as hash(hash(k, j, ${s}, tag));
    -- Uniform in [0, 1): the top 53 bits of the hash, so the double is exact.
    create or replace temp macro u(k, tag) as (h(k, tag) >> 11) / 9007199254740992.0;
    create or replace temp macro u2(k, j, tag) as (h2(k, j, tag) >> 11) / 9007199254740992.0;
    -- Standard normal (Box-Muller).
    create or replace temp macro z(k, tag) as
      sqrt(-2 * ln(1 - u(k, tag || ':a'))) * cos(2 * pi() * u(k, tag || ':b'));
    create or replace temp macro z2(k, j, tag) as
      sqrt(-2 * ln(1 - u2(k, j, tag || ':a'))) * cos(2 * pi() * u2(k, j, tag || ':b'));
    -- A cheaper near-normal for the many score items: one hash split into four 16-bit uniforms,
    -- summed (Irwin-Hall, mean 2, variance 1/3) and scaled to variance 1; no logarithm, no cosine.
    create or replace temp macro zq(hk) as
      (((hk & 65535) + ((hk >> 16) & 65535) + ((hk >> 32) & 65535) + (hk >> 48))::BIGINT - 131070) / 65536.0 * sqrt(3);
    create or replace temp macro zq2(k, j, tag) as zq(h2(k, j, tag));
  `;
}

/**
 * A categorical draw from a uniform `draw` and [code, weight] pairs: a CASE over the cumulative
 * shares. Weights may be SQL expressions (a share that drifts over time).
 */
export function pickSql(draw: string, choices: [string, number | string][]): string {
  const total = choices.map(([, w]) => `(${w})`).join(' + ');
  let cumulative = '0';
  const whens = choices.slice(0, -1).map(([code, w]) => {
    cumulative = `${cumulative} + (${w})`;
    return `when ${draw} < (${cumulative}) / (${total}) then '${code}'`;
  });
  return `case ${whens.join(' ')} else '${choices.at(-1)![0]}' end`;
}
