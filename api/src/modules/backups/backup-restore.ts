/** Unpacking a backup: the .tar.gz, then PocketBase's zip of pb_data — streamed, never whole in memory. */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { x as extractTar } from 'tar';
import yauzl from 'yauzl';

export async function extractArchive(file: string, into: string): Promise<void> {
  mkdirSync(into, { recursive: true });
  // tar refuses absolute paths and '..' entries by default
  await extractTar({ file, cwd: into, strict: true });
}

/** Extracts a zip into a directory, refusing entries that would land outside it. */
export function unzipInto(file: string, into: string): Promise<void> {
  const root = resolve(into);
  mkdirSync(root, { recursive: true });
  return new Promise((done, fail) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: true }, (err, zip) => {
      if (err || !zip) return fail(err ?? new Error('cannot open zip'));
      zip.on('error', fail);
      zip.on('end', () => done());
      zip.on('entry', (entry: yauzl.Entry) => {
        const target = resolve(root, entry.fileName);
        if (target !== root && !target.startsWith(root + sep))
          return fail(new Error(`unsafe path in backup: ${entry.fileName}`));
        if (entry.fileName.endsWith('/')) {
          mkdirSync(target, { recursive: true });
          return zip.readEntry();
        }
        mkdirSync(dirname(target), { recursive: true });
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return fail(e ?? new Error('cannot read zip entry'));
          pipeline(stream, createWriteStream(target)).then(() => zip.readEntry(), fail);
        });
      });
      zip.readEntry();
    });
  });
}
