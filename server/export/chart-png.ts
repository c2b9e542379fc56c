/**
 * A rating distribution as a small PNG bar chart for the Word report: one bar per point of the
 * scale, its count above it, the point's number below. Drawn into a raster here and encoded with
 * Node's zlib: a few kilobytes per chart, where Word's native charts (each with an embedded
 * workbook) cost 60 MB and most of a second for the 90 charts of a large consultation. The table
 * of figures under each chart is its text equivalent; the image's alt text says the same.
 */
import zlib from "node:zlib";

/** Digits 0-9 on a 3 × 5 grid, one string per row ("#" is ink). */
const DIGITS: Record<string, string[]> = {
  "0": ["###", "#.#", "#.#", "#.#", "###"],
  "1": [".#.", "##.", ".#.", ".#.", "###"],
  "2": ["###", "..#", "###", "#..", "###"],
  "3": ["###", "..#", "###", "..#", "###"],
  "4": ["#.#", "#.#", "###", "..#", "..#"],
  "5": ["###", "#..", "###", "..#", "###"],
  "6": ["###", "#..", "###", "#.#", "###"],
  "7": ["###", "..#", "..#", "..#", "..#"],
  "8": ["###", "#.#", "###", "#.#", "###"],
  "9": ["###", "#.#", "###", "..#", "###"],
};

/** A four-colour palette (PNG colour type 3): one byte a pixel, a third of RGB's work to compress. */
const PALETTE = [
  [0xff, 0xff, 0xff], // paper
  [0x1f, 0x4e, 0x79], // bars
  [0x59, 0x59, 0x59], // axis and figures
  [0xe7, 0xee, 0xf6], // the track behind each bar
];
type Colour = 0 | 1 | 2 | 3;
const INK: Colour = 1;
const AXIS: Colour = 2;
const TRACK: Colour = 3;

class Raster {
  readonly pixels: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = Buffer.alloc(width * height, 0);
  }

  rect(x: number, y: number, w: number, h: number, color: Colour) {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    if (x1 <= x0) return;
    for (let row = y0; row < y1; row++) this.pixels.fill(color, row * this.width + x0, row * this.width + x1);
  }

  /** A number centred on x, its baseline at y, each grid cell `scale` pixels square. */
  number(value: string, centreX: number, bottomY: number, scale: number, color: Colour) {
    const advance = 4 * scale;
    let x = centreX - (value.length * advance - scale) / 2;
    for (const ch of value) {
      DIGITS[ch]?.forEach((line, row) => {
        for (let col = 0; col < 3; col++) {
          if (line[col] === "#") this.rect(x + col * scale, bottomY - (5 - row) * scale, scale, scale, color);
        }
      });
      x += advance;
    }
  }

  png(): Buffer {
    // Each scanline starts with filter type 0 (none).
    const raw = Buffer.alloc((this.width + 1) * this.height);
    for (let row = 0; row < this.height; row++) {
      this.pixels.copy(raw, row * (this.width + 1) + 1, row * this.width, (row + 1) * this.width);
    }
    const chunk = (type: string, data: Buffer) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(zlib.crc32(body) >>> 0);
      return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header[8] = 8; // bit depth
    header[9] = 3; // palette
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("PLTE", Buffer.from(PALETTE.flat())),
      // Long runs of one colour: run-length matching finds them at a fraction of the default's cost.
      chunk("IDAT", zlib.deflateSync(raw, { strategy: zlib.constants.Z_RLE })),
      chunk("IEND", Buffer.alloc(0)),
    ]);
  }
}

/** Pixel size of the chart; Word shows it at half that, so it stays sharp in print. */
export const CHART_SIZE = { width: 720, height: 240 };

/** Counts per point of the scale (index 0 = rating 1) as a PNG bar chart. */
export function distributionPng(counts: number[]): Buffer {
  const { width, height } = CHART_SIZE;
  const r = new Raster(width, height);
  const scale = 4;
  const top = 44; // room for the tallest bar's count
  const axisY = height - 44; // room for the rating numbers
  const slot = (width - 40) / Math.max(1, counts.length);
  const barWidth = slot * 0.62;
  const max = Math.max(1, ...counts);
  counts.forEach((count, i) => {
    const x = 20 + i * slot + (slot - barWidth) / 2;
    const h = ((axisY - top) * count) / max;
    r.rect(x, top, barWidth, axisY - top, TRACK);
    if (count > 0) r.rect(x, axisY - Math.max(2, h), barWidth, Math.max(2, h), INK);
    r.number(String(count), x + barWidth / 2, axisY - Math.max(2, h) - 8, scale, AXIS);
    r.number(String(i + 1), x + barWidth / 2, height - 12, scale, AXIS);
  });
  r.rect(12, axisY, width - 24, 3, AXIS);
  return r.png();
}
