/** Small helpers every IaC analyzer shares: the detection shape for category `iac`, and what the PR touched. */
import type { AnalyzerFile, Detection } from "../analyzers/analyzer.js";

export type IacDetectionInput = Omit<Detection, "category" | "endLine" | "confidence" | "references"> & {
  endLine?: number;
  confidence?: Detection["confidence"];
  references?: string[];
};

export function iacDetection(input: IacDetectionInput): Detection {
  const confidence = input.confidence ?? "high";
  const message = confidence === "low" && !/^possible/i.test(input.message) ? `Possible: ${input.message}` : input.message;
  return { ...input, message, category: "iac", confidence, endLine: input.endLine ?? input.line, references: input.references ?? [] };
}

/** True when any line in [line, endLine] (1-based) was added by the change. */
export function touchesAdded(entry: AnalyzerFile, line: number, endLine = line): boolean {
  for (let n = line; n <= endLine; n++) if (entry.added.has(n)) return true;
  return false;
}

/**
 * "Something is missing" checks need the whole file: a sparse text rebuilt from hunks cannot show that a line
 * is absent. A newly added file's single hunk is the whole file.
 */
export function wholeFileKnown(entry: AnalyzerFile): boolean {
  return entry.file.newText !== undefined || entry.file.status === "added";
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Names that hold credentials (PASSWORD, API_KEY...), but not pointers to them (`*_FILE`, `*_PATH`, `*_ID`). */
export const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)/i;
export const SECRET_POINTER_NAME = /_(FILE|PATH|DIR|URL|ID|NAME|LENGTH|TTL|EXPIRY|HEADER)$/i;
