/**
 * Draw the Teams app icons — a speech bubble holding an opening quote mark —
 * and write them to `manifest/`: `color.png` (192×192, white bubble on teal) and
 * `outline.png` (32×32, white on transparent). Deterministic: the same code
 * always writes the same bytes, and a test holds the committed files to that.
 *
 *   npx tsx scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng, type RgbaImage } from './png.js';

/** The app's accent colour, also the manifest's `accentColor`. */
export const ACCENT = '#0B7A75';

type Point = readonly [number, number];
/** Signed distance from a point to a shape's edge: negative inside. */
type Sdf = (x: number, y: number) => number;

const roundBox = (x0: number, y0: number, x1: number, y1: number, r: number): Sdf => (x, y) => {
  const qx = Math.abs(x - (x0 + x1) / 2) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - (y0 + y1) / 2) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};

const triangle = (a: Point, b: Point, c: Point): Sdf => (x, y) => {
  const edges: [Point, Point][] = [[a, b], [b, c], [c, a]];
  let d = Infinity;
  let inside = true;
  const orientation = Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  for (const [p, q] of edges) {
    const ex = q[0] - p[0];
    const ey = q[1] - p[1];
    const wx = x - p[0];
    const wy = y - p[1];
    const t = Math.min(Math.max((wx * ex + wy * ey) / (ex * ex + ey * ey), 0), 1);
    d = Math.min(d, Math.hypot(wx - ex * t, wy - ey * t));
    if (Math.sign(ex * wy - ey * wx) === -orientation) inside = false;
  }
  return inside ? -d : d;
};

const circle = (cx: number, cy: number, r: number): Sdf => (x, y) => Math.hypot(x - cx, y - cy) - r;

/** A stroke from `a` (radius `ra`) to `b` (radius `rb`): the tail of a quote mark. */
const taper = (a: Point, ra: number, b: Point, rb: number): Sdf => (x, y) => {
  const ex = b[0] - a[0];
  const ey = b[1] - a[1];
  const t = Math.min(Math.max(((x - a[0]) * ex + (y - a[1]) * ey) / (ex * ex + ey * ey), 0), 1);
  return Math.hypot(x - a[0] - ex * t, y - a[1] - ey * t) - (ra + (rb - ra) * t);
};

const union = (...shapes: Sdf[]): Sdf => (x, y) => Math.min(...shapes.map((s) => s(x, y)));
const stroke = (shape: Sdf, width: number): Sdf => (x, y) => {
  const d = shape(x, y);
  return Math.max(d, -d - width);
};
/** `shape` drawn `k` times larger, its grid's centre (16, 16) moved to (`cx`, `cy`). */
const place = (shape: Sdf, k: number, cx: number, cy: number): Sdf => (x, y) => shape((x - cx) / k + 16, (y - cy) / k + 16) * k;

type Rgb = readonly [number, number, number];
interface Layer {
  shape: Sdf;
  colour: Rgb;
}

function hex(colour: string): Rgb {
  const n = Number.parseInt(colour.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** Paint layers bottom to top with `samples`×`samples` supersampling per pixel. */
function paint(size: number, layers: Layer[], samples: number): RgbaImage {
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const x = px + (sx + 0.5) / samples;
          const y = py + (sy + 0.5) / samples;
          const top = layers.findLast((layer) => layer.shape(x, y) <= 0);
          if (top) {
            r += top.colour[0];
            g += top.colour[1];
            b += top.colour[2];
            a += 1;
          }
        }
      }
      const at = (py * size + px) * 4;
      if (a > 0) {
        rgba[at] = Math.round(r / a);
        rgba[at + 1] = Math.round(g / a);
        rgba[at + 2] = Math.round(b / a);
        rgba[at + 3] = Math.round((255 * a) / (samples * samples));
      }
    }
  }
  return { width: size, height: size, rgba };
}

/** The speech bubble on a 32-unit grid: a rounded box with a tail at the bottom left. */
const bubble = union(roundBox(4, 5, 28, 22, 5), triangle([8, 20], [14.5, 20], [7, 27.5]));

/** A tapering stroke along `points`, from radius `from` to radius `to`. */
const curve = (points: Point[], from: number, to: number): Sdf =>
  union(
    ...points.slice(1).map((b, i) => {
      const a = points[i] ?? b;
      const steps = points.length - 1;
      return taper(a, from + ((to - from) * i) / steps, b, from + ((to - from) * (i + 1)) / steps);
    }),
  );

/** One “6”-shaped half of an opening quote mark: a ball with a tail curling up to the right. */
const comma = (cx: number, cy: number): Sdf =>
  union(
    circle(cx, cy, 2.6),
    curve(
      [
        [cx - 1.7, cy - 0.6],
        [cx - 1.8, cy - 2.6],
        [cx - 1.1, cy - 4.4],
        [cx + 0.2, cy - 5.7],
        [cx + 1.6, cy - 6.4],
      ],
      1.2,
      0.55,
    ),
  );

/** An opening quote mark (“) on the same grid. */
const quoteMark = union(comma(12.4, 16.2), comma(19.6, 16.2));

const white: Rgb = [255, 255, 255];

/**
 * 192×192: the white bubble with a teal quote mark, on a full-bleed teal square.
 * The symbol keeps inside the central ~110 px so Teams' rounded crop never cuts it.
 */
export function colourIcon(): RgbaImage {
  const k = 4.6;
  const teal = hex(ACCENT);
  return paint(
    192,
    [
      { shape: roundBox(0, 0, 192, 192, 0), colour: teal },
      { shape: place(bubble, k, 96, 92), colour: white },
      { shape: place(quoteMark, k, 96, 92), colour: teal },
    ],
    4,
  );
}

/** 32×32: the bubble drawn as a white line with a white quote mark inside, on transparent. */
export function outlineIcon(): RgbaImage {
  return paint(32, [{ shape: union(stroke(bubble, 2), quoteMark), colour: white }], 8);
}

/** Write both icons into `dir`. */
export function writeIcons(dir: string): void {
  writeFileSync(path.join(dir, 'color.png'), encodePng(colourIcon()));
  writeFileSync(path.join(dir, 'outline.png'), encodePng(outlineIcon()));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'manifest');
  writeIcons(dir);
  process.stdout.write(`icons written to ${path.relative(process.cwd(), dir) || '.'}/color.png and outline.png\n`);
}
