/**
 * Routes that are public on purpose: health and metrics probes, sign-in and sign-up flows, password reset,
 * OAuth callbacks, static assets, plus the repository's own `auth.public` globs. Webhooks are public only
 * when the handler verifies the sender's signature, which the verdict checks separately.
 */
import picomatch from "picomatch";

/** Probe words are public only on a path without parameters: `/health` is, `/orders/:id/status` is not. */
const PROBE_SEGMENT = /^(health|healthz|healthcheck|health-check|_health|ready|readyz|readiness|live|livez|liveness|status|ping|metrics|version)$/i;

const PUBLIC_SEGMENT =
  /^(login|log-in|signin|sign-in|sign_in|signup|sign-up|sign_up|register|logout|log-out|signout|sign-out|forgot|forgot-password|forgot_password|reset-password|reset_password|password-reset|verify-email|verify_email|confirm-email|resend-verification|refresh|refresh-token|token|oauth|oauth2|callback|static|assets|public|favicon\.ico|robots\.txt|sitemap\.xml|\[\.\.\.nextauth\]|openapi\.json|docs)$/i;

const PASSWORD_RESET = /(^|\/)password\/(reset|forgot)(\/|$)/i;

/** Where an identity provider sends the browser back during sign-in: `/auth/google/authorize`, `/login/github/redirect`. */
const OAUTH_RETURN = /\/(google|github|gitlab|microsoft|azure|apple|facebook|twitter|discord|slack|okta|auth0|linkedin|oidc|sso|saml)\/(authorize|authorized|redirect|return|acs)(\/|$)/i;

/** A link mailed to someone, whose token in the URL is the credential: `/accounts/reset/<uidb64>/<token>/`, `/unsubscribe/:token`. */
const EMAILED_LINK_SEGMENT = /^(reset|confirm|confirm-email|verify|verify-email|activate|activation|magic-link|magic_link|unsubscribe|invitations?|invites?)$/i;
const LINK_TOKEN_PARAMETER = /^[:{[<](?:\w+:)?\w*(token|uidb64|signature|code)\w*[}\]>]?$/i;

/** Turns a route path into plain segments: `/users/:id` and `/items/{item_id}` alike. */
export function pathSegments(path: string): string[] {
  return path.split("/").filter((s) => s && s !== "*");
}

export type PublicReason = string;

export function publicOnPurpose(path: string, configGlobs: readonly string[]): PublicReason | undefined {
  const normalized = path.startsWith("/") ? path : `/${path}`;
  if (configGlobs.length > 0 && picomatch.isMatch(normalized, [...configGlobs], { dot: true })) return "listed in `auth.public`";
  if (normalized === "/" || normalized === "") return undefined;
  if (PASSWORD_RESET.test(normalized)) return "a password reset route";
  const segments = pathSegments(normalized);
  const hasParameter = segments.some((s) => /^[:{[<]/.test(s));
  const probe = hasParameter ? undefined : segments.find((s) => PROBE_SEGMENT.test(s));
  if (probe) return `a \`${probe}\` probe, public on purpose`;
  if (OAUTH_RETURN.test(normalized)) return "an OAuth sign-in return, public on purpose";
  if (segments.some((s) => EMAILED_LINK_SEGMENT.test(s)) && segments.some((s) => LINK_TOKEN_PARAMETER.test(s))) return "a link mailed to its recipient, whose URL token is the credential";
  const publicSegment = segments.find((s) => PUBLIC_SEGMENT.test(s));
  if (publicSegment) return `a \`${publicSegment}\` route, public on purpose`;
  if (/(^|\/)api\/auth(\/|$)/i.test(normalized)) return "an authentication endpoint";
  return undefined;
}

export function isWebhookPath(path: string): boolean {
  return /webhook|hooks?\b|\/events?$/i.test(path);
}

export function isAdminPath(path: string): boolean {
  return /(^|\/)(admin|internal|staff|superuser|backoffice|manage)(\/|$|\W)/i.test(path);
}

/** Write methods on account-, money- or key-shaped paths are the ones an attacker wants first. */
export function isSensitivePath(path: string): boolean {
  return /(^|\/)(users?|accounts?|admin|billing|payments?|invoices?|orders?|settings|keys?|api-keys|tokens?|secrets?|credentials|roles?|permissions?|members?|teams?|orgs?|organizations?|tenants?|transfers?|wallets?|internal)(\/|$|\W)/i.test(path);
}
