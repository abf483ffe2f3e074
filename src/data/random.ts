// The data tools' and the engine's seeded stream: labops' one generator (src/stats/random.ts) on mulberry32, the
// stream synthetic datasets, CV folds and initial weights were made with (same seed, same data).

import { SeededRandom } from "../stats/random";

export type Random = SeededRandom;

export function seededRandom(seed: number): Random {
  return new SeededRandom(seed, "mulberry32");
}
