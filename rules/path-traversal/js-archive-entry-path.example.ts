// Examples for path-traversal/js-archive-entry-path. `expect:` lines must fire, `ok:` lines must stay quiet.
import { createWriteStream } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path, { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import AdmZip from "adm-zip";
import yauzl from "yauzl-promise";
import multer from "multer";

export async function importZip(archivePath: string, destination: string) {
  const zip = await yauzl.open(archivePath);
  for await (const entry of zip) {
    // expect: path-traversal/js-archive-entry-path
    const target = join(destination, entry.filename);
    await mkdir(dirname(target), { recursive: true });
    await pipeline(await entry.openReadStream(), createWriteStream(target));
  }
}

export function extractAll(file: string, destination: string) {
  for (const zipEntry of new AdmZip(file).getEntries()) {
    // expect: path-traversal/js-archive-entry-path
    createWriteStream(`${destination}/${zipEntry.entryName}`).end(zipEntry.getData());
  }
}

export const upload = multer({ storage: multer.memoryStorage() });
export async function saveUpload(file: Express.Multer.File) {
  // expect: path-traversal/js-archive-entry-path
  await writeFile(path.join("/srv/uploads", file.originalname), file.buffer);
}

export async function importZipSafely(archivePath: string, destination: string) {
  const root = path.resolve(destination);
  const zip = await yauzl.open(archivePath);
  for await (const entry of zip) {
    // ok: path-traversal/js-archive-entry-path
    const target = path.resolve(root, entry.filename);
    if (!target.startsWith(root + path.sep)) continue;
    await pipeline(await entry.openReadStream(), createWriteStream(target));
  }
}

export async function logEntries(archivePath: string) {
  const zip = await yauzl.open(archivePath);
  // ok: path-traversal/js-archive-entry-path
  for await (const entry of zip) console.log(`archive holds ${entry.filename}`);
}

export async function saveUploadFlat(file: Express.Multer.File) {
  // ok: path-traversal/js-archive-entry-path
  await writeFile(path.join("/srv/uploads", path.basename(file.originalname)), file.buffer);
}
