/**
 * Turns a route's verdict into a Detection: the message names the route and why it looks unprotected, the
 * fix names this file's own gate when other routes use one, else the framework's idiom.
 */
import type { Detection } from "../analyzers/analyzer.js";
import { isSensitivePath, isWebhookPath } from "./public-routes.js";
import { endLineOf, lineOf, routeLabel, type Framework, type Gate, type Route } from "./route.js";
import type { Verdict } from "./verdict.js";

const WRITE_METHODS = /POST|PUT|PATCH|DELETE|ALL/;

const AUTH_IDIOM: Record<Framework, string> = {
  express: "add an authentication middleware as the first handler argument (e.g. `router.post(path, requireAuth, handler)`), or register `router.use(requireAuth)` before the route",
  hono: "register an auth middleware for the path before the route (e.g. `app.use('/api/*', jwt({ secret }))` or `bearerAuth`), or pass it as the first handler",
  fastify: "add `onRequest: [fastify.authenticate]` (or `preHandler`) to the route options, or `fastify.addHook('onRequest', ...)` in the plugin",
  koa: "add an auth middleware argument before the handler (e.g. `router.post(path, requireAuth, handler)`), or `router.use(requireAuth)` before the route",
  nextjs: "check the session at the top of the handler (`const session = await getServerSession(authOptions)` or `await auth()`) and return a 401 response when there is none",
  nestjs: "add `@UseGuards(AuthGuard('jwt'))` (or the app's guard) to the method or the controller",
  fastapi: "add a `current_user: User = Depends(get_current_user)` parameter, or `dependencies=[Depends(get_current_user)]` to the route or its `APIRouter`",
  flask: "add `@login_required` directly under the route decorator (decorators above `@app.route` do not protect the route)",
  django: "add `@login_required` (function views), `LoginRequiredMixin` (class views) or `permission_classes = [IsAuthenticated]` (DRF)",
};

const ROLE_IDIOM: Record<Framework, string> = {
  express: "add a role check middleware after authentication (e.g. `requireRole('admin')`)",
  hono: "add a role check middleware after authentication that returns 403 unless the caller is an admin",
  fastify: "add a role check to the `preHandler` chain that replies 403 unless the caller is an admin",
  koa: "add a role check middleware after authentication that throws 403 unless the caller is an admin",
  nextjs: "return 403 unless `session.user.role === 'admin'` right after the session check",
  nestjs: "add `@Roles('admin')` with a `RolesGuard` in `@UseGuards`",
  fastapi: "depend on an admin dependency (e.g. `Depends(get_current_admin)`) that raises 403 for other users",
  flask: "add a role check decorator (e.g. `@admin_required`) under `@login_required`",
  django: "use `@permission_required(...)`/`@staff_member_required`, `PermissionRequiredMixin` or `permission_classes = [IsAdminUser]`",
};

/** The gate the other routes in this file use, so the fix matches the codebase. */
function siblingGate(route: Route, siblings: readonly Route[]): Gate | undefined {
  const counts = new Map<string, { gate: Gate; count: number }>();
  for (const sibling of siblings) {
    if (sibling === route) continue;
    for (const gate of sibling.gates) {
      if (gate.kind === "body" || gate.kind === "global" || gate.name.length > 40) continue;
      const entry = counts.get(gate.name) ?? { gate, count: 0 };
      entry.count++;
      counts.set(gate.name, entry);
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count)[0]?.gate;
}

function unprotectedSeverity(route: Route): Detection["severity"] {
  // A webhook is public by nature; it may verify its sender in a helper this file does not show.
  if (isWebhookPath(route.path)) return "low";
  if (WRITE_METHODS.test(route.method) && isSensitivePath(route.path)) return "critical";
  if (WRITE_METHODS.test(route.method) || isSensitivePath(route.path) || route.idNames.length > 0) return "high";
  return "medium";
}

export function detectionFor(route: Route, verdict: Verdict, path: string, siblings: readonly Route[]): Detection {
  const label = routeLabel(route);
  const line = lineOf(route.node);
  const base = { category: "auth" as const, path, line, endLine: Math.max(line, Math.min(endLineOf(route.node), line + 2)), column: route.node.startPosition.column + 1, matchedText: `${route.framework} ${label}` };
  const sibling = siblingGate(route, siblings);
  if (verdict.kind === "unprotected" && isWebhookPath(route.path)) {
    return {
      ...base,
      ruleId: "auth/unprotected-route",
      severity: unprotectedSeverity(route),
      confidence: "low",
      message: `Webhook \`${label}\` takes requests from anyone and its handler shows no signature check (no \`constructEvent\`, HMAC or \`verifySignature\` call in it).`,
      why: "A webhook without a signature check lets anyone forge events (a paid invoice, a pushed commit) by posting to its URL.",
      fix: `Verify the sender at the top of \`${label}\` (the provider's SDK, e.g. \`stripe.webhooks.constructEvent\`, or an HMAC of the raw body compared in constant time) and return 401 on a mismatch; if a helper already does, list the path in \`auth.public\` in .github/gatehouse.yml.`,
      cwe: "CWE-345",
      references: ["CWE-345", "CWE-306"],
    };
  }
  if (verdict.kind === "unprotected") {
    const fix = sibling
      ? `Protect \`${label}\` with \`${sibling.name}\`, as the other routes in this file do (${sibling.kind === "middleware" ? "add it as the first middleware" : `the same ${sibling.kind}`}); if the route is public on purpose, list its path in \`auth.public\` in .github/gatehouse.yml.`
      : `Protect \`${label}\`: ${AUTH_IDIOM[route.framework]}. If the route is public on purpose, list its path in \`auth.public\` in .github/gatehouse.yml.`;
    return {
      ...base,
      ruleId: "auth/unprotected-route",
      severity: unprotectedSeverity(route),
      confidence: route.framework === "django" && route.searched[0]?.includes("REST_FRAMEWORK") ? "low" : "medium",
      message: `\`${label}\` has no authentication gate: ${route.searched.join(", ")}.`,
      why: "Anyone on the internet can call this route without signing in; a new endpoint without a gate is the most common way an agent PR exposes data or actions.",
      fix,
      cwe: "CWE-306",
      references: ["CWE-306", "OWASP API2:2023 Broken Authentication"],
    };
  }
  if (verdict.kind === "missing-role-check") {
    const gates = route.gates.map((g) => `\`${g.name}\``).join(", ");
    return {
      ...base,
      ruleId: "auth/missing-role-check",
      severity: WRITE_METHODS.test(route.method) ? "high" : "medium",
      confidence: "medium",
      message: `Admin route \`${label}\` checks that the caller is signed in (${gates}) but not that they are an admin: no role or permission gate and no role check in the handler.`,
      why: "Any signed-in user, including a free sign-up, can call an admin route that only checks authentication.",
      fix: `Require an admin role on \`${label}\`: ${ROLE_IDIOM[route.framework]}.`,
      cwe: "CWE-285",
      references: ["CWE-285", "OWASP API5:2023 Broken Function Level Authorization"],
    };
  }
  const { access, id } = verdict.evidence;
  return {
    ...base,
    ruleId: "auth/bola",
    severity: "high",
    confidence: "medium",
    message: `\`${label}\` passes the caller-chosen \`${id}\` to \`${access}\` and never relates the record to the caller (no owner, user or tenant filter, no ownership comparison, no authorize/can call).`,
    why: "Any signed-in user can read or change another user's record by changing the id in the URL (BOLA/IDOR), even though the route requires authentication.",
    fix: `Scope the lookup in \`${label}\` to the caller: add the caller's id to the query (e.g. an \`ownerId\`/\`userId\`/tenant filter next to \`${id}\`) or check ownership after loading and return 404/403 when it is not theirs.`,
    cwe: "CWE-639",
    references: ["CWE-639", "OWASP API1:2023 Broken Object Level Authorization"],
  };
}
