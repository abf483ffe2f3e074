// NopPruner: never prunes.

import type { Pruner } from "./base-pruner";

export class NopPruner implements Pruner {
  readonly name = "NopPruner";
  prune(): boolean {
    return false;
  }
}
