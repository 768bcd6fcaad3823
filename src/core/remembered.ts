/**
 * The one get-or-compute the scan core's caches share (per tree, per rule, per change): the cache's answer for
 * `key`, asked for only the first time. Works with a Map or a WeakMap. An answer of `undefined` is not kept.
 */
export function remembered<K, V>(answers: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, ask: () => V): V {
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = ask();
    answers.set(key, answer);
  }
  return answer;
}
