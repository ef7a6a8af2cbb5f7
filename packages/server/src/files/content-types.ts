/** Content types of run files, guessed from the extension as browsers and tools expect them. */

const text = (type: string) => `${type}; charset=utf-8`;

const byExtension: Record<string, string> = {
  txt: text('text/plain'), log: text('text/plain'), md: text('text/markdown'), csv: text('text/csv'),
  tsv: text('text/tab-separated-values'), html: text('text/html'), htm: text('text/html'), css: text('text/css'),
  py: text('text/x-python'), sh: text('text/x-shellscript'), yaml: text('application/yaml'), yml: text('application/yaml'),
  json: 'application/json', ipynb: 'application/x-ipynb+json', xml: 'application/xml', js: 'text/javascript',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', webp: 'image/webp',
  bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff', pdf: 'application/pdf', mp4: 'video/mp4', wav: 'audio/wav',
  zip: 'application/zip', gz: 'application/gzip', tgz: 'application/gzip', tar: 'application/x-tar',
  bz2: 'application/x-bzip2', xz: 'application/x-xz', parquet: 'application/vnd.apache.parquet',
  onnx: 'application/octet-stream', pkl: 'application/octet-stream', pt: 'application/octet-stream',
};

/** The content type of a file path; `application/octet-stream` when the extension is unknown. */
export function contentTypeOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 && byExtension[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}

/** Whether a zip should deflate files of this type (text does; images, archives and weights barely shrink). */
export function isCompressible(contentType: string): boolean {
  return /^text\/|json|xml|yaml/.test(contentType);
}
