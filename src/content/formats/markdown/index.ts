import type { ContentFormat, ReadContext } from '../../format.js';
import type { VFile } from 'vfile';

// Markdown (`.md`) with YAML front matter. The parsers are loaded by `prepare`, not with this
// file: the scan asks every format what it claims, and a rebuild with nothing to parse should
// not pay for loading unified, YAML and the schema.

let reader: typeof import('./fields.js') | null = null;

export const markdown: ContentFormat = {
  id: 'md',
  extensions: ['.md'],
  async prepare() {
    reader ??= await import('./fields.js');
  },
  read(file: VFile, context: ReadContext) {
    if (!reader) throw new Error('the Markdown reader is not loaded: await prepareFormats() before reading');
    return reader.readMarkdown(file, context);
  },
  hints: {
    noDate: 'add `date: YYYY-MM-DD`',
    noDek: 'add `dek:` with a one-sentence summary; search engines and feeds show it',
    pinSlug: 'pin the URL with `slug:` in the front matter',
  },
};
