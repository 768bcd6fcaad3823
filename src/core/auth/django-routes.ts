/**
 * Django and Django REST framework views. A view's URL lives in urls.py, so the path comes from any urls.py
 * in the change (`path('users/<int:pk>/', views.UserDetail.as_view())`), else the view is named by itself.
 * Gates: `@login_required`/`@permission_required`/`@user_passes_test`, `LoginRequiredMixin`-style bases,
 * `permission_classes` (`AllowAny` marks a view public on purpose), `method_decorator(login_required)`,
 * and a wrapper in urls.py (`path('x/', login_required(views.x))`).
 */
import type { Node } from "web-tree-sitter";
import { leadingAuthCheck } from "./handler-checks.js";
import { lineOf, type Gate, type Route } from "./route.js";
import { calleeText, descendants, namedChildren, parameterNames, stringValue } from "./syntax.js";
import { roleInArguments, type GateVocabulary } from "./vocabulary.js";
import type { RepoWiring } from "./wiring.js";

/** `@login_not_required` (Django 5.1), `@login_exempt` (django-login-required-middleware): opted out of the login middleware. */
const LOGIN_NOT_REQUIRED = /^(login_not_required|login_exempt|public_view|anonymous_required)$/;

/** Django's and django-allauth's own views for signing in, signing up and resetting a password: public by design. */
const PUBLIC_AUTH_VIEW = /^(LoginView|LogoutView|PasswordResetView|PasswordResetDoneView|PasswordResetConfirmView|PasswordResetCompleteView|SignupView|ConfirmEmailView|PasswordResetFromKeyView)$/;

/** A base that makes a class a view. A mixin alone does not: `class OwnedQuerysetMixin:` serves nothing. */
const VIEW_BASE = /(View|ViewSet|APIView)$/;
const HTTP_METHOD_NAMES = new Set(["get", "post", "put", "patch", "delete", "list", "create", "retrieve", "update", "partial_update", "destroy"]);

export interface DjangoUrl {
  path: string;
  /** Wrappers applied in urls.py, e.g. `login_required`. */
  wrappers: string[];
  /** 1-based line of the `path(...)` call in urls.py, to tell whether the PR wired the view. */
  line: number;
  urlsFile: string;
}

export function isDjangoFile(text: string): boolean {
  return /\bfrom\s+(django|rest_framework)\b|\bimport\s+django\b/.test(text);
}

/** View name (`UserDetail`, `user_detail`) to its URL, from a urls.py tree. */
export function djangoUrls(root: Node, urlsFile: string): Map<string, DjangoUrl> {
  const urls = new Map<string, DjangoUrl>();
  for (const call of descendants(root, ["call"])) {
    const callee = calleeText(call);
    // DRF routers: `router.register(r"orders", OrderViewSet)` serves the viewset under /orders/.
    const [prefix, viewset] = namedChildren(call.childForFieldName("arguments"));
    if (/\.register$/.test(callee) && prefix && viewset?.type === "identifier" && stringValue(prefix) !== undefined) {
      urls.set(viewset.text, { path: `/${(stringValue(prefix) ?? "").replace(/^\^|\$$/g, "").replace(/^\//, "")}`, wrappers: [], line: lineOf(call), urlsFile });
      continue;
    }
    if (!/^(path|re_path|url)$/.test(callee)) continue;
    const [route, view] = namedChildren(call.childForFieldName("arguments"));
    const path = stringValue(route);
    if (path === undefined || !view) continue;
    const wrappers: string[] = [];
    let target = view;
    while (target.type === "call" && !/\.as_view$/.test(calleeText(target))) {
      wrappers.push(calleeText(target));
      const inner = namedChildren(target.childForFieldName("arguments"))[0];
      if (!inner) break;
      target = inner;
    }
    const name = calleeText(target).replace(/\.as_view$/, "").split(".").pop() ?? "";
    if (name) urls.set(name, { path: `/${path.replace(/^\^|\$$/g, "").replace(/^\//, "")}`, wrappers, line: lineOf(call), urlsFile });
  }
  return urls;
}

function permissionClasses(body: Node | null): Node | undefined {
  for (const statement of namedChildren(body)) {
    const assignment = statement.type === "expression_statement" ? namedChildren(statement)[0] : undefined;
    if (assignment?.type === "assignment" && assignment.childForFieldName("left")?.text === "permission_classes") return assignment.childForFieldName("right") ?? undefined;
  }
  return undefined;
}

function permissionGates(list: Node, vocabulary: GateVocabulary): { gates: Gate[]; allowAny: boolean } {
  const names = descendants(list, ["identifier", "attribute"]).filter((n) => n.parent?.type !== "attribute").map((n) => n.text);
  const allowAny = names.some((n) => /(^|\.)AllowAny$/.test(n));
  const gates = names
    .filter((n) => !/(^|\.)AllowAny$/.test(n))
    .map((name) => ({ name, kind: "permission" as const, line: lineOf(list), role: /Admin|Staff|ModelPermissions|Owner|Role|Perm/i.test(name) && !/^IsAuthenticated(OrReadOnly)?$/.test(name) || vocabulary.isRoleGate(name) && !/IsAuthenticated/.test(name) }));
  return { gates, allowAny };
}

function decoratorGates(decorators: Node[], vocabulary: GateVocabulary): { gates: Gate[]; allowAny: boolean; methods?: string; exempt?: string; permissionClasses: boolean } {
  const gates: Gate[] = [];
  let allowAny = false;
  let exempt: string | undefined;
  let permissionClasses = false;
  let methods: string | undefined;
  for (const decorator of decorators) {
    const expression = namedChildren(decorator)[0] ?? decorator;
    const name = calleeText(expression);
    if (name === "permission_classes" || name === "method_decorator") {
      const argument = namedChildren(expression.childForFieldName("arguments"))[0];
      if (argument && name === "permission_classes") {
        permissionClasses = true;
        const result = permissionGates(argument, vocabulary);
        gates.push(...result.gates);
        allowAny ||= result.allowAny;
      } else if (argument && vocabulary.isGate(calleeText(argument))) {
        gates.push({ name: calleeText(argument), kind: "decorator", line: lineOf(decorator), role: vocabulary.isRoleGate(calleeText(argument)) });
      }
    } else if (name === "api_view" || name === "require_http_methods") {
      const argument = namedChildren(expression.childForFieldName("arguments"))[0];
      if (argument) methods = namedChildren(argument).map((m) => stringValue(m) ?? "?").join("|").toUpperCase();
    } else if (LOGIN_NOT_REQUIRED.test(name)) {
      // Django 5.1's opt-out from LoginRequiredMiddleware: public on purpose, and never a gate.
      exempt = `@${name}`;
    } else if (/^require_(POST|GET|safe)$/.test(name)) {
      methods = name.slice("require_".length).toUpperCase().replace("SAFE", "GET");
    } else if (vocabulary.isGate(name)) {
      gates.push({ name: `@${name}`, kind: "decorator", line: lineOf(decorator), role: vocabulary.isRoleGate(name) || /permission_required|user_passes_test|staff_member/.test(name) || roleInArguments(decorator) });
    }
  }
  return { gates, allowAny, methods, ...(exempt ? { exempt } : {}), permissionClasses };
}

/**
 * Every ancestor of a class, nearest first, through classes defined in the changed files
 * (`class OwnerRequiredMixin(LoginRequiredMixin)` in mixins.py), each with the direct base it came through.
 */
function ancestors(bases: string[], classes: Map<string, string[]>): Array<{ name: string; via?: string }> {
  const seen = new Set<string>();
  const out: Array<{ name: string; via?: string }> = [];
  const visit = (name: string, via: string | undefined) => {
    if (seen.has(name)) return;
    seen.add(name);
    out.push({ name, ...(via ? { via } : {}) });
    for (const parent of classes.get(name) ?? []) visit(parent, via ?? name);
  };
  for (const base of bases) visit(base, undefined);
  return out;
}

export function discoverDjangoRoutes(root: Node, path: string, vocabulary: GateVocabulary, repo: RepoWiring): Route[] {
  const urls = repo.djangoUrls;
  if (!isDjangoFile(root.text) || /(^|\/)(urls|settings|models|admin|apps|forms|serializers|tests?)\.py$/.test(path)) return [];
  const routes: Route[] = [];
  for (const statement of namedChildren(root)) {
    const definition = statement.type === "decorated_definition" ? statement.childForFieldName("definition") : statement;
    if (!definition) continue;
    const decorators = statement.type === "decorated_definition" ? namedChildren(statement).filter((d) => d.type === "decorator") : [];
    const name = definition.childForFieldName("name")?.text ?? "";
    const url = urls.get(name);
    const { gates, allowAny, methods, exempt, permissionClasses: decoratedPermissions } = decoratorGates(decorators, vocabulary);
    let ownPermissions = decoratedPermissions;
    for (const wrapper of url?.wrappers ?? []) if (vocabulary.isGate(wrapper)) gates.push({ name: `${wrapper}() in urls.py`, kind: "wrapper", line: lineOf(definition), role: vocabulary.isRoleGate(wrapper) });
    let handlers: Node[];
    let method: string;
    let declaredPublic = allowAny ? "`AllowAny` permission" : exempt ? `${exempt}, exempt from the login middleware` : undefined;
    let drf = decorators.some((d) => /api_view/.test(d.text));
    if (definition.type === "function_definition") {
      if (parameterNames(definition)[0] !== "request") continue;
      handlers = [definition];
      method = methods ?? "ALL";
    } else if (definition.type === "class_definition") {
      const superclasses = definition.childForFieldName("superclasses");
      if (!superclasses) continue;
      const bases = namedChildren(superclasses)
        .filter((b) => b.type === "identifier" || b.type === "attribute")
        .map((b) => b.text.split(".").pop() ?? b.text);
      const lineage = ancestors(bases, repo.pythonClasses);
      if (!lineage.some((a) => VIEW_BASE.test(a.name))) continue;
      // A base other views extend (`class JsonView(View)`) serves nothing itself unless urls.py routes to it.
      if (!url && [...repo.pythonClasses.values()].some((parents) => parents.includes(name))) continue;
      drf = lineage.some((a) => /APIView|ViewSet|GenericAPIView|(List|Retrieve|Create|Update|Destroy)\w*APIView/.test(a.name));
      for (const { name: base, via } of lineage) {
        if (/Mixin$/.test(base) && vocabulary.isGate(base)) gates.push({ name: via ? `${base} (through ${via})` : base, kind: "mixin", line: lineOf(definition), role: vocabulary.isRoleGate(base) && !/LoginRequired/.test(base) });
      }
      const publicBase = lineage.find((a) => PUBLIC_AUTH_VIEW.test(a.name));
      if (publicBase) declaredPublic ??= `a \`${publicBase.name}\`, Django's own public sign-in or password view`;
      const body = definition.childForFieldName("body");
      const permissions = permissionClasses(body);
      if (permissions) {
        ownPermissions = true;
        const result = permissionGates(permissions, vocabulary);
        gates.push(...result.gates);
        if (result.allowAny) declaredPublic = "`AllowAny` permission";
      }
      handlers = namedChildren(body)
        .map((m) => (m.type === "decorated_definition" ? m.childForFieldName("definition") : m))
        .filter((m): m is Node => m?.type === "function_definition" && HTTP_METHOD_NAMES.has(m.childForFieldName("name")?.text ?? ""));
      method = handlers.map((h) => h.childForFieldName("name")?.text.toUpperCase()).join("|") || (drf ? "ALL" : "ALL");
    } else continue;
    for (const handler of handlers) {
      const check = leadingAuthCheck(handler, vocabulary);
      if (check) gates.push(check);
    }
    if (definition.type === "class_definition") {
      const methods = namedChildren(definition.childForFieldName("body")).map((m) => (m.type === "decorated_definition" ? m.childForFieldName("definition") : m));
      // `dispatch()` runs before every handler: a check there gates the whole view.
      const dispatch = methods.find((m) => m?.type === "function_definition" && /^(dispatch|setup|initial)$/.test(m.childForFieldName("name")?.text ?? ""));
      const check = dispatch ? leadingAuthCheck(dispatch, vocabulary) : undefined;
      if (check) gates.push({ ...check, name: `${check.name} in dispatch()` });
      // DRF `get_permissions()` picks permission classes per action: the non-AllowAny ones it returns are the gate.
      const getPermissions = methods.find((m) => m?.type === "function_definition" && m.childForFieldName("name")?.text === "get_permissions");
      if (getPermissions) {
        ownPermissions = true;
        const returned = permissionGates(getPermissions, vocabulary);
        gates.push(...returned.gates.filter((g) => /^[A-Z]\w*$/.test(g.name.split(".").pop() ?? "")).map((g) => ({ ...g, name: `${g.name} from get_permissions()` })));
      }
    }
    const { djangoLoginRequired, drfDefault } = repo.global;
    if (djangoLoginRequired && !exempt) gates.push({ name: `${djangoLoginRequired.name} (${djangoLoginRequired.file})`, kind: "global", line: lineOf(definition), role: false });
    if (drf && !ownPermissions && drfDefault && !drfDefault.allowAny) gates.push({ name: `${drfDefault.name} in ${drfDefault.file}`, kind: "permission", line: lineOf(definition), role: drfDefault.role });
    const params = handlers.flatMap((h) => parameterNames(h)).filter((p) => /^(pk|id|\w+_id|\w+_pk|slug|uuid)$/.test(p));
    routes.push({
      framework: "django",
      method,
      path: url?.path ?? `view \`${name}\``,
      node: definition.childForFieldName("name") ?? definition,
      handlers,
      extraSpans: [statement],
      gates,
      ...(declaredPublic ? { declaredPublic } : {}),
      ...(url ? { wiredAt: { file: url.urlsFile, line: url.line } } : {}),
      idNames: [...new Set(params)],
      searched: drf
        ? [
            drfDefault?.allowAny
              ? `no \`permission_classes\` on the view, and the default in ${drfDefault.file} (\`${drfDefault.name}\`) lets anyone in`
              : "no `permission_classes` on the view (the REST_FRAMEWORK default may or may not require authentication)",
            "no auth decorator or mixin",
          ]
        : ["no `@login_required`-style decorator", "no `LoginRequiredMixin`-style base", "no `request.user.is_authenticated` check in the first statements"],
      group: path,
    });
  }
  return routes;
}
