// fontkit ships no type declarations; this is the one function the statement uses.
declare module 'fontkit' {
  /** Parses a font file (OTF, TTF, …) into a font object pdfkit accepts as a font source. */
  export function create(buffer: Uint8Array, postscriptName?: string): unknown;
}
