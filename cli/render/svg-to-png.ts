// SVG → PNG for `--png`, by resvg (a Rust SVG renderer, prebuilt for Linux, macOS and Windows) through the optional
// dependency @resvg/resvg-js. Loaded by dynamic import only when --png is given: nothing else needs the native
// module, and a missing or unloadable one is a clear error naming the package, never a crash at start-up.
import { AttnError } from '../../src/index.js';

/** The part of @resvg/resvg-js used here (declared, so that the package is not needed to type-check). */
interface ResvgModule {
  Resvg: new (svg: string, options: object) => { render(): { asPng(): Uint8Array; width: number; height: number } };
}

/** The optional package; a variable, so that TypeScript and bundlers never resolve it unless --png is used. */
const RESVG = '@resvg/resvg-js';

async function loadResvg(): Promise<ResvgModule> {
  try {
    return (await import(RESVG)) as ResvgModule;
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(RESVG);
    throw new AttnError('E_NOT_FOUND', missing
      ? `--png needs the optional dependency ${RESVG}, which is not installed`
      : `--png: ${RESVG} is installed but could not be loaded (${(e as Error).message.split('\n')[0]})`, {
      hint: `Install it with \`npm install ${RESVG}\` (it ships prebuilt binaries), or write an SVG with --svg FILE.`,
    });
  }
}

/**
 * Render `svg` to PNG bytes at `scale` × its size, on white, with the system's sans-serif font.
 * @example writeFileSync('bank.png', await svgToPng(heatmapSvg(tokens, tokens, weights)));
 */
export async function svgToPng(svg: string, { scale = 2 }: { scale?: number } = {}): Promise<Uint8Array> {
  const { Resvg } = await loadResvg();
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    // resvg maps the generic sans-serif to one named family; DejaVu Sans is on most Linux systems, and resvg falls
    // back to any installed font when it is not.
    font: { loadSystemFonts: true, sansSerifFamily: 'DejaVu Sans', defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return image.asPng();
}
