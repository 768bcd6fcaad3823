/** The Worker's bindings, typed once and carried everywhere (`new Hono<{ Bindings: Env }>()`). */
import type { Job } from "./jobs.js";

export interface Env {
  DB: D1Database;
  SCANS: Queue<Job>;
  /** https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
  GITHUB_API_URL: string;
  CHECK_NAME: string;
  GITHUB_APP_ID?: string;
  /** PKCS#8 PEM (see README for converting GitHub's PKCS#1 key). */
  GITHUB_PRIVATE_KEY?: string;
  GITHUB_WEBHOOK_SECRET?: string;
  /** The App's slug; its comments are written by `<slug>[bot]`. */
  GITHUB_APP_SLUG?: string;
  /** The npm registry to check new packages against (default registry.npmjs.org; a mirror or proxy works too). */
  NPM_REGISTRY_URL?: string;
  /** "1" only under `npm start`: talk to the in-process GitHub sandbox instead of GitHub. */
  GATEHOUSE_SANDBOX?: string;
}
