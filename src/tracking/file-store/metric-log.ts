// Per-run metric history as append-only binary frames: about 26 bytes a point, never rewritten.
//
// frame   = magic "LBM1" | u32 payload length | u32 crc32(payload) | payload
// payload = u16 key count | (u16 byte length, utf8 key)* | u32 n | u16 key index[n] | f64 value[n] | f64 step[n]
//           | f64 timestamp[n]
// A frame is written by one write(2), so concurrent appenders (O_APPEND) never interleave. A frame torn by a
// writer that died, or damaged, fails its checksum; readers skip to the next magic and report what they lost.

import fs from "node:fs";
import zlib from "node:zlib";
import type { Metric } from "../../entities";

const MAGIC = 0x314d424c; // "LBM1" read as little-endian u32
const HEADER = 12;

export function encodeFrame(metrics: Metric[]): Buffer {
  const keyIndex = new Map<string, number>();
  const keyBytes: Buffer[] = [];
  for (const m of metrics) {
    if (!keyIndex.has(m.key)) {
      keyIndex.set(m.key, keyBytes.length);
      keyBytes.push(Buffer.from(m.key, "utf8"));
    }
  }
  if (keyBytes.length > 0xffff) throw new RangeError("A metric batch may hold at most 65535 distinct keys.");
  const n = metrics.length;
  const keysSize = keyBytes.reduce((s, b) => s + 2 + b.length, 0);
  const payloadSize = 2 + keysSize + 4 + n * 2 + n * 24;
  const buf = Buffer.allocUnsafe(HEADER + payloadSize);
  let o = HEADER;
  o = buf.writeUInt16LE(keyBytes.length, o);
  for (const b of keyBytes) {
    o = buf.writeUInt16LE(b.length, o);
    o += b.copy(buf, o);
  }
  o = buf.writeUInt32LE(n, o);
  for (let i = 0; i < n; i++) o = buf.writeUInt16LE(keyIndex.get(metrics[i]!.key)!, o);
  for (let i = 0; i < n; i++) o = buf.writeDoubleLE(metrics[i]!.value, o);
  for (let i = 0; i < n; i++) o = buf.writeDoubleLE(metrics[i]!.step, o);
  for (let i = 0; i < n; i++) o = buf.writeDoubleLE(metrics[i]!.timestamp, o);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(payloadSize, 4);
  buf.writeUInt32LE(zlib.crc32(buf.subarray(HEADER)), 8);
  return buf;
}

export interface MetricLogRead {
  metrics: Metric[];
  /** Bytes that did not form a valid frame (torn or damaged), skipped. */
  skippedBytes: number;
}

export function decodeFrames(buf: Buffer): MetricLogRead {
  const metrics: Metric[] = [];
  let skippedBytes = 0;
  let o = 0;
  while (o < buf.length) {
    const frameEnd = validFrameEnd(buf, o);
    if (frameEnd < 0) {
      const next = buf.indexOf(MAGIC_BYTES, o + 1);
      const resume = next < 0 ? buf.length : next;
      skippedBytes += resume - o;
      o = resume;
      continue;
    }
    decodePayload(buf, o + HEADER, metrics);
    o = frameEnd;
  }
  return { metrics, skippedBytes };
}

const MAGIC_BYTES = Buffer.from("LBM1", "latin1");

function validFrameEnd(buf: Buffer, o: number): number {
  if (o + HEADER > buf.length || buf.readUInt32LE(o) !== MAGIC) return -1;
  const size = buf.readUInt32LE(o + 4);
  const end = o + HEADER + size;
  if (end > buf.length) return -1;
  return zlib.crc32(buf.subarray(o + HEADER, end)) === buf.readUInt32LE(o + 8) ? end : -1;
}

function decodePayload(buf: Buffer, o: number, out: Metric[]): void {
  const keyCount = buf.readUInt16LE(o);
  o += 2;
  const keys: string[] = [];
  for (let k = 0; k < keyCount; k++) {
    const len = buf.readUInt16LE(o);
    keys.push(buf.toString("utf8", o + 2, o + 2 + len));
    o += 2 + len;
  }
  const n = buf.readUInt32LE(o);
  o += 4;
  const idx = o;
  const values = idx + n * 2;
  const steps = values + n * 8;
  const times = steps + n * 8;
  for (let i = 0; i < n; i++) {
    out.push({
      key: keys[buf.readUInt16LE(idx + i * 2)]!,
      value: buf.readDoubleLE(values + i * 8),
      step: buf.readDoubleLE(steps + i * 8),
      timestamp: buf.readDoubleLE(times + i * 8),
    });
  }
}


/**
 * Where the last valid frame at or after `from` ends (or `from` if none): bytes past it are a torn frame left
 * by a writer that died, which the next writer cuts off before appending.
 */
export function validEnd(file: string, from: number): number {
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size <= from) return size;
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.allocUnsafe(size - from);
    fs.readSync(fd, buf, 0, buf.length, from);
    let end = 0;
    for (let o = 0; o < buf.length; ) {
      const frameEnd = validFrameEnd(buf, o);
      if (frameEnd < 0) {
        const next = buf.indexOf(MAGIC_BYTES, o + 1);
        if (next < 0) break;
        o = next;
      } else {
        end = o = frameEnd;
      }
    }
    return from + end;
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the frames in the first `end` bytes (all of the file without `end`); bytes past `end` are uncommitted. */
export function readMetricLog(file: string, end?: number): MetricLogRead {
  if (end === 0) return { metrics: [], skippedBytes: 0 };
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { metrics: [], skippedBytes: end ?? 0 };
    throw e;
  }
  return decodeFrames(end === undefined || end >= buf.length ? buf : buf.subarray(0, end));
}
