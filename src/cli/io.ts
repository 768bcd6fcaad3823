/** Reading input and writing output so that large outputs arrive whole when piped (no exit with stdout pending). */
import { readFileSync } from "node:fs";

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

export async function readInput(source: string | undefined): Promise<Buffer> {
  if (source === undefined || source === "-") return readAll(process.stdin);
  // Synchronous on purpose: the scan needs the whole diff before anything else, and the promise API left the
  // main thread idle for ~4 ms on the 180 KB corpus diff (its reads are a thread-pool round trip per chunk).
  return readFileSync(source);
}

/**
 * Resolves once the text is handed to the OS, so the caller may return an exit code safely. A reader that went
 * away (`gatehouse scan | head`) wants no more: that is no error, and the exit code still tells the verdict.
 */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error && !isClosedPipe(error) ? reject(error) : resolve()));
  });
}

/**
 * Node also emits a failed write as an `error` event, which ends the process with a stack trace when nobody
 * listens. Every failure also reaches `write`'s callback, so this listener only keeps the event from crashing.
 */
export function listenForWriteErrors(stream: NodeJS.WritableStream): void {
  stream.on("error", () => undefined);
}

function isClosedPipe(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "EPIPE";
}

/** Decodes UTF-8 leniently: bytes that are not UTF-8 become U+FFFD, which the diff reader turns into a note per file. */
export function decode(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { fatal: false, ignoreBOM: false }).decode(bytes);
}
