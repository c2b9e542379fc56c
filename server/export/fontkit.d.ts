/**
 * The little of fontkit (pdfkit's own font engine) the PDF export uses: opening a font once per
 * process, so each document does not parse the same kerning tables again, and measuring words.
 */
declare module "fontkit" {
  export interface Font {
    unitsPerEm: number;
    postscriptName: string;
    layout(text: string): { advanceWidth: number };
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
