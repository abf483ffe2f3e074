// Readable random run names ("brave-owl-417"), as MLflow gives runs created without a name.

import { randomInt } from "node:crypto";

const ADJECTIVES = [
  "able", "bold", "brave", "bright", "calm", "clever", "crisp", "eager", "fair", "fast", "gentle", "glad",
  "grand", "keen", "kind", "lively", "lucky", "merry", "neat", "noble", "proud", "quick", "quiet", "rare",
  "sharp", "shy", "smart", "steady", "sunny", "swift", "tidy", "vivid", "warm", "wise", "witty", "zesty",
];
const ANIMALS = [
  "ant", "bat", "bear", "bee", "carp", "cat", "crab", "crow", "deer", "dove", "duck", "eel", "elk", "fox",
  "frog", "goat", "hare", "hawk", "ibis", "jay", "koi", "lark", "lion", "lynx", "mole", "moth", "newt",
  "owl", "panda", "pike", "puma", "seal", "slug", "swan", "toad", "vole", "wasp", "wolf", "yak", "zebra",
];

export function randomRunName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${ANIMALS[randomInt(ANIMALS.length)]}-${randomInt(1000)}`;
}
