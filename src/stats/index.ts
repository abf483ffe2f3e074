// Public exports of labops' statistics layer: special functions, distributions and classical tests (scipy names in
// camelCase), shared by drift detection and A/B analysis. Everything here is pure: plain numbers in, plain objects out.

export { besselK, betainc, erf, erfc, gamma, gammaincP, gammaincQ, lgamma, logBeta, logBinomial } from "./special-functions";
export { chi2Cdf, chi2Sf, normalCdf, normalPdf, normalPpf, normalSf, studentTCdf, studentTSf, studentTTwoSided } from "./distributions";
export { binomial, kolmogorovN, kolmogorovSf, kstwoCdf, kstwoSf, smirnov } from "./kolmogorov";
export {
  countDistinctSorted,
  countDistinctUnion,
  histogramSorted,
  histogramUnsorted,
  linspace,
  lowerBound,
  mean,
  pairwiseSum,
  sumOfBlocks,
  sortedFinite,
  std,
  sturgesEdges,
  upperBound,
  variance,
} from "./sample";
export { sortFloat64 } from "./sort-float64";
export { sortFinite } from "./sort-finite";
export { alignEdges, bucketBoundary, BucketValues, countOnGrid, histogramOnGrid, ksStatisticOnGrid, valueGrid, wantHistogram, wasserstein1OnGrid, type GridCounts, type ValueGrid } from "./ecdf-grid";
export { forEachTieGroup, pooledRanks, type PooledRanks } from "./ranks";
export { RANDOM_ALGORITHMS, SeededRandom, type RandomAlgorithm } from "./random";
export { adjustPValues, P_VALUE_CORRECTIONS, type PValueCorrection } from "./multiple-testing";
export { ks2samp, ks2sampFromStatistic, ks2sampSorted, ksStatisticSorted, type KsMethod, type KsResult } from "./ks-2samp";
export { chi2Contingency, chisquare, type ChiSquareResult, type ContingencyResult } from "./chi-square";
export { ttestInd, ttestIndFromStats, type Alternative, type TTestOptions, type TTestResult } from "./t-test";
export { mannWhitneyU, mannWhitneyUSorted, type MannWhitneyOptions, type MannWhitneyResult } from "./mann-whitney";
export { andersonKsamp, andersonKsampSorted, quadraticFit, type AndersonKsampResult } from "./anderson-ksamp";
export { cramervonmises2samp, cramervonmises2sampSorted, type CramerVonMisesResult } from "./cramer-von-mises";
export { cdfDistanceSorted, energyDistance, wasserstein1Sorted, wassersteinDistance } from "./cdf-distances";
export { fillZeroShares, hellingerDistance, jensenShannonDistance, klDivergence, populationStabilityIndex, relEntr } from "./divergences";
export { studentTIsf, studentTPpf } from "./student-t-quantile";
export { noncentralTCdf, noncentralTSf } from "./noncentral-t";
export { rankAuc } from "./rank-auc";
