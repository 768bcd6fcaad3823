/** Parameter names a route path binds: `:id` (Express, Hono, Koa, Fastify), `{item_id}` (FastAPI), `<int:id>` (Flask), `[id]` (Next.js). */
export function pathParamNames(path: string): string[] {
  const names: string[] = [];
  for (const match of path.matchAll(/:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)(?::[^}]*)?\}|<(?:\w+:)?([A-Za-z_]\w*)>|\[(?:\.\.\.)?([A-Za-z_]\w*)\]|\(\?P<([A-Za-z_]\w*)>/g)) {
    const name = match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5];
    if (name) names.push(name);
  }
  return names;
}

/** Does a `use()` or hook registered for `prefix` run for `path`? `*`, `/*` and `/` cover everything. */
export function prefixCovers(prefix: string | undefined, path: string): boolean {
  if (prefix === undefined) return true;
  const base = prefix.replace(/\/?\*+$/, "").replace(/\/$/, "");
  if (base === "") return true;
  return path === base || path.startsWith(`${base}/`);
}

export function joinPaths(prefix: string | undefined, path: string): string {
  if (!prefix) return path;
  const base = prefix.replace(/\/?\*+$/, "").replace(/\/$/, "");
  if (path === "/" || path === "") return base || "/";
  return `${base}${path.startsWith("/") ? "" : "/"}${path}`;
}
