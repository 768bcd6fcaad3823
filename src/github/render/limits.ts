/** GitHub's limits, stated in its docs (the sandbox enforces them too). */
export const GITHUB_LIMITS = {
  /** Check-run output summary and text, and issue comment bodies. */
  maxBodyChars: 65_535,
  /** Annotations per check-run create or update request. */
  annotationsPerRequest: 50,
  /** Our own cap on annotations per check run; the rest are listed in the text. */
  maxAnnotations: 250,
  maxActions: 3,
} as const;

/** Cuts `text` to fit `limit`, ending with `note` so a reader knows something was left out. */
export function fitWithin(text: string, limit: number, note: string): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, Math.max(0, limit - note.length - 2))}\n\n${note}`.slice(0, limit);
}
