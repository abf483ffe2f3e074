// The drift tests labops ships, by Evidently's names; a custom DriftTest can be passed wherever a name is accepted.

import { invalidParameter } from "../../core/errors";
import type { DriftTest } from "../drift-test";
import { andersonTest } from "./anderson";
import { chiSquareTest } from "./chi-square";
import { cramerVonMisesTest } from "./cramer-von-mises";
import { empiricalMmdTest } from "./empirical-mmd";
import { energyDistanceTest } from "./energy-distance";
import { hellingerTest } from "./hellinger";
import { jensenShannonTest } from "./jensen-shannon";
import { klDivTest } from "./kl-div";
import { ksTest } from "./ks";
import { mannWhitneyTest } from "./mann-whitney";
import { psiTest } from "./psi";
import { tTest } from "./t-test";
import { wassersteinTest } from "./wasserstein";
import { zTest } from "./z-test";

export const DRIFT_TESTS: Readonly<Record<string, DriftTest>> = Object.freeze(
  Object.fromEntries(
    [ksTest, chiSquareTest, zTest, jensenShannonTest, wassersteinTest, psiTest, klDivTest, andersonTest, cramerVonMisesTest, hellingerTest, mannWhitneyTest, energyDistanceTest, tTest, empiricalMmdTest].map((t) => [t.name, t]),
  ),
);

/** The test of that name, or the custom test itself. */
export function getDriftTest(test: string | DriftTest): DriftTest {
  if (typeof test !== "string") return test;
  const found = DRIFT_TESTS[test];
  if (!found) throw invalidParameter(`Unknown drift test "${test}": use one of ${Object.keys(DRIFT_TESTS).join(", ")}, or pass a DriftTest object.`);
  return found;
}

export {
  andersonTest,
  chiSquareTest,
  cramerVonMisesTest,
  empiricalMmdTest,
  energyDistanceTest,
  hellingerTest,
  jensenShannonTest,
  klDivTest,
  ksTest,
  mannWhitneyTest,
  psiTest,
  tTest,
  wassersteinTest,
  zTest,
};
