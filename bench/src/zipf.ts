/**
 * Ranks drawn from a Zipf distribution over 1..n: rank k comes up in proportion to
 * 1/k^s. With s = 1, the shape of a shortener's traffic: a few links take most of the
 * visits and most links are rarely or never visited again.
 */
export function zipfSampler(n: number, s = 1, random: () => number = Math.random): () => number {
  // The cumulative weights, then a binary search for each uniform draw (inverse CDF).
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 1; rank <= n; rank++) {
    total += 1 / rank ** s;
    cumulative[rank - 1] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  };
}
