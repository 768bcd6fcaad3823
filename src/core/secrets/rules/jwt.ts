/** JSON Web Tokens whose payload decodes to real claims: session or API tokens someone can replay. */
import type { SecretRule } from "./types.js";

function decodeSegment(segment: string): unknown {
  try {
    const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")));
  } catch {
    return undefined;
  }
}

/** A header with an algorithm, a payload with claims, and not the example token from jwt.io. */
export function isRealJwt(token: string): boolean {
  const [header, payload] = token.split(".");
  const head = decodeSegment(header ?? "");
  const claims = decodeSegment(payload ?? "");
  if (typeof head !== "object" || head === null || typeof (head as { alg?: unknown }).alg !== "string") return false;
  if (typeof claims !== "object" || claims === null || Array.isArray(claims) || Object.keys(claims).length === 0) return false;
  const { sub, name } = claims as { sub?: unknown; name?: unknown };
  return !(sub === "1234567890" && name === "John Doe");
}

export const jwtRules: SecretRule[] = [
  {
    id: "jwt",
    provider: "JWT",
    kind: "JSON Web Token",
    description: "A signed JSON Web Token with real claims: whoever holds it can act as its subject until it expires.",
    keywords: ["eyj"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{10,600}\.eyJ[A-Za-z0-9_-]{10,8000}\.[A-Za-z0-9_-]{16,1000})(?![A-Za-z0-9_-])/dg,
    accept: isRealJwt,
    severity: "medium",
    confidence: "medium",
    envVar: "API_TOKEN",
    broad: true,
    samples: {
      match: [
        {
          value: (g) =>
            `${g.base64urlJson({ alg: "HS256", typ: "JWT" })}.${g.base64urlJson({ sub: g.uuid(), role: "service_role", iat: 1_700_000_000 })}.${g.base64url(43)}`,
          text: (v) => `const supabaseKey = "${v}";`,
        },
        {
          value: (g) => `${g.base64urlJson({ alg: "RS256", kid: g.hex(16) })}.${g.base64urlJson({ iss: "https://auth.acme.io", aud: "api", exp: 1_900_000_000 })}.${g.base64url(342)}`,
          text: (v) => `Authorization: Bearer ${v}`,
          path: "requests/api.http",
        },
      ],
      noMatch: [
        {
          text: (g) => `// jwt.io example: ${g.base64urlJson({ alg: "HS256", typ: "JWT" })}.${g.base64urlJson({ sub: "1234567890", name: "John Doe", iat: 1516239022 })}.${g.base64url(43)}`,
          reason: "the example token from jwt.io",
        },
        { text: (g) => `const t = "eyJ${g.alnum(20)}.eyJ${g.alnum(30)}.${g.base64url(43)}";`, reason: "JWT-shaped but the segments are not JSON" },
      ],
    },
  },
];
