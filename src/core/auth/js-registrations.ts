/**
 * How a route is registered by a call on an app or router: `router.post(path, ...middleware, handler)`,
 * `router.route(path).get(h)`, Hono's chained `app.get(p, h).delete(p2, h2)`, Hono's `app.on(methods, path, h)`
 * and Fastify's `fastify.route({ method, url, handler })`. Which gates apply is decided in js-call-routes.ts.
 */
import type { Node, Tree } from "web-tree-sitter";
import { descendants, namedChildren, perTree, stringValue } from "./syntax.js";
import { treeCache } from "../tree-caches.js";

export const ROUTE_METHODS = new Set(["get", "post", "put", "patch", "delete", "del", "all", "options", "head"]);

export interface Registration {
  receiver: string;
  method: string;
  path: string;
  node: Node;
  args: Node[];
  /** Fastify options objects (`{ preHandler: [...] }`) and `route({...})` definitions. */
  options: Node[];
  handler?: Node;
}

export function objectProperty(object: Node, key: string): Node | undefined {
  for (const pair of namedChildren(object)) {
    if (pair.type === "pair" && pair.childForFieldName("key")?.text.replace(/['"]/g, "") === key) return pair.childForFieldName("value") ?? undefined;
    if (pair.type === "shorthand_property_identifier" && pair.text === key) return pair;
  }
  return undefined;
}

/** `router.route('/x').get(h).post(h2)`: walks down a chain to the `route(path)` call and its receiver. */
function chainedRoute(object: Node): { receiver: string; path: string } | undefined {
  let current: Node | null = object;
  while (current?.type === "call_expression") {
    const fn = current.childForFieldName("function");
    if (fn?.type !== "member_expression") return undefined;
    const property = fn.childForFieldName("property")?.text;
    const args = namedChildren(current.childForFieldName("arguments"));
    if (property === "route" && args.length === 1) {
      const path = stringValue(args[0]);
      const receiver = fn.childForFieldName("object");
      return path !== undefined && receiver?.type === "identifier" ? { receiver: receiver.text, path } : undefined;
    }
    if (!property || !ROUTE_METHODS.has(property)) return undefined;
    current = fn.childForFieldName("object");
  }
  return undefined;
}

/** `app.get('/a', h).post('/b', h)`: the receiver under a chain of whole-route calls, each with its own path. */
function routeChainReceiver(object: Node): string | undefined {
  let current: Node | null = object;
  while (current?.type === "call_expression") {
    const fn = current.childForFieldName("function");
    if (fn?.type !== "member_expression") return undefined;
    const property = fn.childForFieldName("property")?.text ?? "";
    const first = namedChildren(current.childForFieldName("arguments"))[0];
    if (!(ROUTE_METHODS.has(property) || property === "use") || stringValue(first) === undefined) return undefined;
    current = fn.childForFieldName("object");
  }
  return current?.type === "identifier" ? current.text : undefined;
}

/** A call on a member, `receiver.method(...)`, with the parts every reader of the file's calls looks at first. */
export interface MemberCall {
  call: Node;
  /** `app` in `app.get(...)`, or the call before it in a chain (`app.route('/x').get(...)`). */
  object: Node;
  property: Node;
  method: string;
}

const memberCallsByTree = treeCache(new WeakMap<Tree, MemberCall[]>());

/**
 * The file's member calls in source order, read once per tree: route registrations, `use` calls, `listen` and
 * Fastify's `register` are all member calls, and both wiring passes and the route discovery scan them.
 */
export function memberCalls(root: Node): MemberCall[] {
  return perTree(memberCallsByTree, root, () =>
    descendants(root, ["call_expression"]).flatMap((call) => {
      const fn = call.childForFieldName("function");
      if (fn?.type !== "member_expression") return [];
      const object = fn.childForFieldName("object");
      const property = fn.childForFieldName("property");
      return object && property ? [{ call, object, property, method: property.text }] : [];
    }),
  );
}

function argumentsOf(call: Node): Node[] {
  return namedChildren(call.childForFieldName("arguments")).filter((a) => a.type !== "comment");
}

export function registrationOf({ call, object, property, method }: MemberCall, isReceiver: (name: string) => boolean): Registration | undefined {
  // Most member calls are no route (`res.json`, `console.log`): their method says so before their arguments are read.
  if (!ROUTE_METHODS.has(method) && method !== "on" && method !== "route") return undefined;
  const objectType = object.type;
  if (objectType === "call_expression") {
    if (!ROUTE_METHODS.has(method)) return undefined;
    const args = argumentsOf(call);
    const chained = chainedRoute(object);
    if (chained) return { receiver: chained.receiver, method: method.toUpperCase(), path: chained.path, node: property, args, options: [], handler: args[args.length - 1] };
    // Hono's RPC style chains whole routes: `app.get('/a', h).delete('/b/:id', h2)`.
    const chainReceiver = routeChainReceiver(object);
    const path = stringValue(args[0]);
    if (!chainReceiver || !isReceiver(chainReceiver) || path === undefined || !/^[/*]/.test(path) || args.length < 2) return undefined;
    const rest = args.slice(1);
    return { receiver: chainReceiver, method: method === "del" ? "DELETE" : method.toUpperCase(), path, node: property, args: rest.slice(0, -1).filter((a) => a.type !== "object"), options: rest.slice(0, -1).filter((a) => a.type === "object"), handler: rest[rest.length - 1] };
  }
  if (objectType !== "identifier" && objectType !== "this") return undefined;
  const receiver = object.text;
  if (!isReceiver(receiver)) return undefined;
  const args = argumentsOf(call);
  if (ROUTE_METHODS.has(method) && args.length >= 2) {
    const path = stringValue(args[0]);
    if (path === undefined || !/^[/*]/.test(path)) return undefined;
    const rest = args.slice(1);
    const handler = rest[rest.length - 1];
    if (!handler || handler.type === "string" || handler.type === "object" || handler.type === "number") return undefined;
    const options = rest.slice(0, -1).filter((a) => a.type === "object");
    return { receiver, method: method === "del" ? "DELETE" : method.toUpperCase(), path, node: call, args: rest.slice(0, -1).filter((a) => a.type !== "object"), options, handler };
  }
  if (method === "on" && args.length >= 3) {
    const path = stringValue(args[1]);
    const methods = args[0]?.type === "array" ? namedChildren(args[0]).map((m) => stringValue(m) ?? "?").join("|") : stringValue(args[0]);
    if (path === undefined || !methods) return undefined;
    const rest = args.slice(2);
    return { receiver, method: methods.toUpperCase(), path, node: call, args: rest.slice(0, -1), options: [], handler: rest[rest.length - 1] };
  }
  if (method === "route" && args.length === 1 && args[0]?.type === "object") {
    const definition = args[0];
    const path = stringValue(objectProperty(definition, "url") ?? objectProperty(definition, "path"));
    const methodNode = objectProperty(definition, "method");
    const methods = methodNode?.type === "array" ? namedChildren(methodNode).map((m) => stringValue(m) ?? "?").join("|") : stringValue(methodNode);
    if (path === undefined || !methods) return undefined;
    return { receiver, method: methods.toUpperCase(), path, node: call, args: [], options: [definition], handler: objectProperty(definition, "handler") };
  }
  return undefined;
}
