/**
 * Limits GitHub enforces but its OpenAPI description states only in prose (or not at all), checked in code so
 * that a request GitHub would refuse is refused here too.
 */

/** "The Checks API limits the number of annotations to a maximum of 50 per API request." */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;
/** Check run output summary and text, issue and comment bodies: "Maximum length: 65535 characters". */
export const MAX_TEXT_LENGTH = 65_535;

type Body = Record<string, unknown>;

export function proseLimitErrors(operationId: string, body: unknown): string[] {
  if (typeof body !== "object" || body === null) return [];
  const fields = body as Body;
  switch (operationId) {
    case "checks/create":
    case "checks/update":
      return checkRunErrors(fields);
    case "issues/create-comment":
    case "issues/update-comment":
    case "issues/create":
    case "issues/update":
      return textLengthErrors(fields, ["body"]);
    default:
      return [];
  }
}

function checkRunErrors(body: Body): string[] {
  const errors: string[] = [];
  const output = typeof body.output === "object" && body.output !== null ? (body.output as Body) : undefined;
  const annotations = output?.annotations;
  if (Array.isArray(annotations) && annotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
    errors.push(
      `body/output/annotations: ${annotations.length} annotations in one request; GitHub accepts at most ` +
        `${MAX_ANNOTATIONS_PER_REQUEST} per request (send the rest in further updates)`,
    );
  }
  if (output) errors.push(...textLengthErrors(output, ["summary", "text"], "body/output/"));
  const completing = body.status === "completed" || body.completed_at !== undefined;
  if (completing && body.conclusion === undefined) {
    errors.push("body/conclusion: required when `status` is `completed` or `completed_at` is given");
  }
  if (body.conclusion === "stale") errors.push("body/conclusion: `stale` can only be set by GitHub, not by an App");
  return errors;
}

/** Counted in Unicode code points, as JSON Schema's maxLength counts them. */
function textLengthErrors(fields: Body, names: string[], prefix = "body/"): string[] {
  return names.flatMap((name) => {
    const value = fields[name];
    if (typeof value !== "string") return [];
    const length = [...value].length;
    return length > MAX_TEXT_LENGTH
      ? [`${prefix}${name}: ${length} characters; GitHub accepts at most ${MAX_TEXT_LENGTH}`]
      : [];
  });
}
