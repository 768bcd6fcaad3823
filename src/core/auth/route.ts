/**
 * The one shape every framework's route discovery produces, so the verdict (unprotected, BOLA, missing role
 * check) and the message are decided once for Express, Hono, Fastify, Koa, Next.js, NestJS, FastAPI, Flask
 * and Django alike.
 */
import type { Node } from "web-tree-sitter";

export type Framework = "express" | "hono" | "fastify" | "koa" | "nextjs" | "nestjs" | "fastapi" | "flask" | "django";

/** Where a gate sits; the message says which places were searched when none was found. */
export type GateKind = "middleware" | "use" | "mount" | "hook" | "decorator" | "dependency" | "wrapper" | "body" | "mixin" | "permission" | "global";

export interface Gate {
  /** The name as written (`requireAuth`, `passport.authenticate`, `IsAuthenticated`). */
  name: string;
  kind: GateKind;
  /** 1-based line of the gate. */
  line: number;
  /** The gate also checks a role or permission, not only that someone is signed in. */
  role: boolean;
}

export interface Route {
  framework: Framework;
  /** Upper-case HTTP method, or `ALL` when the route answers every method. */
  method: string;
  /** The path as the framework spells it (`/users/:id`, `/items/{item_id}`, `/api/users/[id]`). */
  path: string;
  /** The node reported: the registration call, the decorated definition or the exported handler. */
  node: Node;
  /** Functions that run for the route: the handler, and inline middleware. Their bodies are read for checks. */
  handlers: Node[];
  /** Other spans whose change counts as changing this route (a handler defined apart from its registration). */
  extraSpans: Node[];
  gates: Gate[];
  /** Why the route is public on purpose (`@Public()`, `AllowAny`), when it says so itself. */
  declaredPublic?: string;
  /** Names in the handler bound to the path or query id (`id` from `/users/:id`, `item_id`). */
  idNames: string[];
  /** Places searched for a gate, in words, for the message ("no middleware on the route", ...). */
  searched: string[];
  /** Where the route is wired when that is another file (a Django view's `path()` in urls.py). */
  wiredAt?: { file: string; line: number };
  /** The receiver or class the route hangs on, to find gates on sibling routes (`router`, `UsersController`). */
  group: string;
  /** Another route on the same group carries a gate (set once every route of the file is known). */
  siblingGated?: boolean;
  /** The URL-like name the public-on-purpose and admin checks read when `path` is not a URL (a server action). */
  publicPath?: string;
}

export function routeLabel(route: Route): string {
  // A server action has no URL of its own; its label is its name (`server action deleteProject()`).
  if (route.publicPath !== undefined) return route.path;
  return route.method === "ALL" ? `${route.path} (all methods)` : `${route.method} ${route.path}`;
}

export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

export function endLineOf(node: Node): number {
  return node.endPosition.row + 1;
}
