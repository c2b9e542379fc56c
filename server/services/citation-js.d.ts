/**
 * The little of citation-js's API the source import uses (the packages ship no types):
 * `plugins.input.data` runs one named parsing step, e.g. BibTeX text to entries.
 */
declare module "@citation-js/core" {
  export const plugins: {
    input: {
      data(input: unknown, type: string): unknown;
    };
  };
}
declare module "@citation-js/plugin-ris";
declare module "@citation-js/plugin-bibtex";
