// What `labops engine install` installs for each optional engine: the npm package, the TensorFlow wheel its libtensorflow comes from.

import { invalidParameter } from "../../core/errors";

export const INSTALLABLE_ENGINES = ["tensorflow", "tensorflow-gpu"] as const;
export type InstallableEngine = (typeof INSTALLABLE_ENGINES)[number];

export interface EngineRecipe {
  engine: InstallableEngine;
  /** The npm package, installed with --ignore-scripts (its own install script downloads libtensorflow from Google storage). */
  npmPackage: "@tensorflow/tfjs-node" | "@tensorflow/tfjs-node-gpu";
  npmVersion: string;
  /** The PyPI wheel libtensorflow is taken from; it is only unzipped, never installed into a Python. */
  wheel: "tensorflow-cpu" | "tensorflow";
  /** tfjs-node 4.22 pins libtensorflow 2.9.1 (its scripts/deps-constants.js). */
  tensorflowVersion: string;
  /** The wheel's tags: pip downloads it whatever the local Python is. */
  pythonVersion: string;
  platform: string;
}

const COMMON = { npmVersion: "4.22.0", tensorflowVersion: "2.9.1", pythonVersion: "310", platform: "manylinux2014_x86_64" } as const;

export const ENGINE_RECIPES: Record<InstallableEngine, EngineRecipe> = {
  tensorflow: { engine: "tensorflow", npmPackage: "@tensorflow/tfjs-node", wheel: "tensorflow-cpu", ...COMMON },
  // The GPU wheel (512 MB) has the same layout as the CPU one; it runs on CPU where CUDA 11.2/cuDNN 8 are missing.
  "tensorflow-gpu": { engine: "tensorflow-gpu", npmPackage: "@tensorflow/tfjs-node-gpu", wheel: "tensorflow", ...COMMON },
};

/** `tensorflow` + `--gpu` -> the recipe; anything else is an error naming the choices. */
export function engineRecipe(name: string, gpu = false): EngineRecipe {
  if (name !== "tensorflow") throw invalidParameter(`Unknown engine '${name}': labops can install 'tensorflow' (add --gpu for the CUDA build).`);
  return ENGINE_RECIPES[gpu ? "tensorflow-gpu" : "tensorflow"];
}
