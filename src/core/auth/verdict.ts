/**
 * What is wrong with one route, if anything, in priority order: no authentication at all; an admin route
 * with authentication but no role check; a record loaded by a caller-chosen id and never related to the
 * caller. One verdict per route, so a route never carries two findings for one missing fix.
 */
import { findBola, type BolaEvidence } from "./bola.js";
import { checksRole, verifiesSignature } from "./handler-checks.js";
import { harmlessWithoutGate } from "./harmless.js";
import { publicMarker } from "./public-markers.js";
import { isAdminPath, publicOnPurpose } from "./public-routes.js";
import type { Route } from "./route.js";

export type Verdict =
  | { kind: "unprotected" }
  | { kind: "missing-role-check" }
  | { kind: "bola"; evidence: BolaEvidence };

export function judgeRoute(route: Route, publicGlobs: readonly string[]): Verdict | undefined {
  if (route.declaredPublic) return undefined;
  const hasRole = route.gates.some((g) => g.role) || route.handlers.some(checksRole);
  const path = route.publicPath ?? route.path;
  if (route.gates.length === 0) {
    if (publicOnPurpose(path, publicGlobs)) return undefined;
    if (route.handlers.some(verifiesSignature)) return undefined;
    if (harmlessWithoutGate(route)) return undefined;
    if (publicMarker(route)) return undefined;
    return { kind: "unprotected" };
  }
  if (isAdminPath(path) && !hasRole) return { kind: "missing-role-check" };
  // A role-gated route (requireAdmin, @Roles) acts on any record by design.
  if (hasRole) return undefined;
  const evidence = findBola(route);
  return evidence ? { kind: "bola", evidence } : undefined;
}
