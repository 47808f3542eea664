/**
 * Bounds on what one imported file may cost. A document past a bound is refused with a
 * message saying which bound and how to raise it; the other files are still imported.
 */
export interface ImportLimits {
  /** Largest file accepted, in bytes, per format (checked before anything is parsed). */
  maxBytes: { pdf: number; docx: number; html: number; text: number };
  /** Most pages a PDF may have (a report runs to 20–100; a 5,000-page file is not one). */
  maxPages: number;
  /** Most pages recognised by OCR in one scanned PDF (each takes seconds). */
  maxOcrPages: number;
  /** Largest total size of a `.docx`'s unpacked parts, in bytes (a zip bomb unpacks to gigabytes). */
  maxUnzippedBytes: number;
  /** Most parts in a `.docx` archive. */
  maxZipEntries: number;
  /** Longest text kept from one document, in characters. */
  maxChars: number;
  /** Wall-clock time for reading one file, in milliseconds; past it the work is stopped. */
  timeoutMs: number;
  /** Heap for the worker that reads one file, in MiB; past it the worker is stopped. */
  maxHeapMb: number;
}

/** The limits used unless the caller gives others. */
export const IMPORT_LIMITS: ImportLimits = {
  maxBytes: { pdf: 200 * 1024 * 1024, docx: 50 * 1024 * 1024, html: 20 * 1024 * 1024, text: 20 * 1024 * 1024 },
  maxPages: 1500,
  maxOcrPages: 200,
  maxUnzippedBytes: 200 * 1024 * 1024,
  maxZipEntries: 2000,
  maxChars: 5_000_000,
  timeoutMs: 300_000,
  maxHeapMb: 1024,
};
