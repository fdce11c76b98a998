import type { LoadPdfjs } from '../../../../core/importers';
// Vite copies the worker into the build and gives its same-origin URL, which `worker-src 'self'` allows.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/**
 * Loads the modern pdf.js build on first PDF import and points it at its bundled worker, so
 * that parsing a PDF runs off the renderer's main thread.
 */
export const loadPdfjsInRenderer: LoadPdfjs = async () => {
  const pdfjs = await import('pdfjs-dist');
  if (!pdfjs.GlobalWorkerOptions.workerSrc) pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  return pdfjs;
};
