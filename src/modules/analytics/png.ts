// The analytics charts as PNG, rasterised on the server from the very SVG the page and the SVG
// export show (resvg), so the image carries the same title, notes, caveats, suppression labels
// and "SYNTHETIC DATA" mark. Text is set in the DejaVu fonts shipped as an npm package
// (dejavu-fonts-ttf), never the machine's fonts, so the image is the same on every machine.
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';

const require = createRequire(import.meta.url);
const font = (name: string) => require.resolve(`dejavu-fonts-ttf/ttf/${name}`);
// Regular, bold and oblique: the charts use bold (the SYNTHETIC mark) and italic (gaps).
const FONT_FILES = [
  'DejaVuSans.ttf',
  'DejaVuSans-Bold.ttf',
  'DejaVuSans-Oblique.ttf',
  'DejaVuSans-BoldOblique.ttf',
].map(font);

/** Pixels per SVG unit: 2 keeps the 11-pixel notes legible on a high-density screen or a print. */
export const PNG_SCALE = 2;

/** A chart's SVG as PNG on a white background, `scale` pixels per SVG unit. */
export function svgToPng(svg: string, scale = PNG_SCALE): Buffer {
  const width = Number(/^<svg[^>]* width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 760);
  return new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'width', value: Math.round(width * scale) },
    font: {
      loadSystemFonts: false,
      fontFiles: FONT_FILES,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  })
    .render()
    .asPng();
}
