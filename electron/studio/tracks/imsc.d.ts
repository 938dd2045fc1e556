// The parts of imsc (sandflow's IMSC/TTML reader, no bundled types) the TTML reader uses. Only its
// document and ISD modules are loaded: its main module also loads the HTML renderer, which needs a DOM.
declare module 'imsc/src/main/js/doc.js' {
  export interface ImscErrorHandler {
    info(message: string): boolean;
    warn(message: string): boolean;
    error(message: string): boolean;
    fatal(message: string): boolean;
  }
  export interface ImscDoc {
    getMediaTimeEvents(): number[];
  }
  const doc: { fromXML(xml: string, errorHandler?: ImscErrorHandler): ImscDoc | null };
  export default doc;
}

declare module 'imsc/src/main/js/isd.js' {
  import type { ImscDoc, ImscErrorHandler } from 'imsc/src/main/js/doc.js';
  /** An element of the intermediate synchronic document: a region, body, div, p, span or br. */
  export interface IsdElement {
    kind: string;
    text?: string;
    contents?: IsdElement[];
  }
  const isd: { generateISD(doc: ImscDoc, offset: number, errorHandler?: ImscErrorHandler): { contents: IsdElement[] } };
  export default isd;
}
