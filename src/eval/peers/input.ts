/** What a peer is given for one PR: each changed file's new text (whole when known, else the hunks) and its added lines. */
import { scanText } from "../../core/diff.js";
import type { CorpusPr } from "../corpus.js";

export interface PeerFile {
  path: string;
  text: string;
  added: ReadonlySet<number>;
}

export function peerFiles(pr: CorpusPr, accept: (path: string) => boolean): PeerFile[] {
  return pr.changes.files
    .filter((file) => file.status !== "deleted" && file.addedLines.length > 0 && accept(file.path))
    .map((file) => ({ path: file.path, text: scanText(file), added: new Set(file.addedLines) }));
}
