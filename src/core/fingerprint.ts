/**
 * Stable finding ids: rule + path + the matched text with whitespace folded, never the line number, so a
 * finding keeps its id when a push moves the code. SHA-256 through WebCrypto (the same in workerd and Node).
 */
export async function fingerprint(ruleId: string, path: string, matchedText: string, occurrence = 0): Promise<string> {
  const normalized = matchedText.replace(/\s+/g, " ").trim();
  const input = `${ruleId}\u0000${path}\u0000${normalized}${occurrence > 0 ? `\u0000${occurrence}` : ""}`;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(input));
  const hex = [...new Uint8Array(digest, 0, 4)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `GH-${hex}`;
}

export const FINDING_ID = /^GH-[0-9a-f]{8}$/;
