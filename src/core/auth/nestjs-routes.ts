/**
 * NestJS controllers: `@Controller('users')` classes whose methods carry `@Get(':id')`, `@Post()`, ...
 * Gates are `@UseGuards(...)` on the class or the method and `@Roles(...)`-style decorators. A `@Public()`
 * decorator anywhere in the file means the app runs a global guard (APP_GUARD) and opts routes out, so
 * routes without `@Public()` count as guarded there.
 */
import type { Node } from "web-tree-sitter";
import { leadingAuthCheck } from "./handler-checks.js";
import { joinPaths, pathParamNames } from "./path-params.js";
import { lineOf, type Gate, type Route } from "./route.js";
import { calleeText, descendants, namedChildren, stringValue } from "./syntax.js";
import { roleInArguments, type GateVocabulary } from "./vocabulary.js";
import type { GlobalGates } from "./global-gates.js";

const METHOD_DECORATORS = new Set(["Get", "Post", "Put", "Patch", "Delete", "All", "Options", "Head"]);
const PUBLIC_DECORATOR = /^(Public|AllowAnonymous|SkipAuth|IsPublic|NoAuth|Anonymous)$/;
const ROLE_DECORATOR = /^(Roles|Role|Permissions|RequirePermissions|Scopes|Policies|CheckPolicies|Abilities)$/;

function decoratorName(decorator: Node): string {
  const expression = namedChildren(decorator)[0];
  return expression ? calleeText(expression) : "";
}

function decoratorArgument(decorator: Node): Node | undefined {
  const expression = namedChildren(decorator)[0];
  if (expression?.type !== "call_expression") return undefined;
  return namedChildren(expression.childForFieldName("arguments"))[0];
}

/** Gates a list of decorators adds: guards inside `@UseGuards(...)`, role decorators, custom `@Auth()` decorators. */
function gatesOf(decorators: Node[], vocabulary: GateVocabulary): Gate[] {
  const gates: Gate[] = [];
  for (const decorator of decorators) {
    const name = decoratorName(decorator);
    if (name === "UseGuards") {
      const expression = namedChildren(decorator)[0];
      for (const guard of namedChildren(expression?.childForFieldName("arguments"))) {
        const guardName = calleeText(guard);
        gates.push({ name: guardName, kind: "decorator", line: lineOf(decorator), role: vocabulary.isRoleGate(guardName) || roleInArguments(guard) });
      }
    } else if (ROLE_DECORATOR.test(name)) {
      gates.push({ name: `@${name}`, kind: "decorator", line: lineOf(decorator), role: true });
    } else if (!METHOD_DECORATORS.has(name) && name !== "Controller" && vocabulary.isGate(name)) {
      gates.push({ name: `@${name}`, kind: "decorator", line: lineOf(decorator), role: vocabulary.isRoleGate(name) || roleInArguments(decorator) });
    }
  }
  return gates;
}

function classDecorators(classNode: Node): Node[] {
  const own = namedChildren(classNode).filter((c) => c.type === "decorator");
  const parent = classNode.parent;
  const inherited = parent?.type === "export_statement" ? namedChildren(parent).filter((c) => c.type === "decorator") : [];
  return [...inherited, ...own];
}

export function discoverNestRoutes(root: Node, vocabulary: GateVocabulary, global: GlobalGates): Route[] {
  if (!/@Controller\s*\(/.test(root.text)) return [];
  // A global guard registered in a changed module (APP_GUARD, useGlobalGuards) or implied by `@Public()` opt-outs here.
  const registered = global.nestGuards[0];
  const globalGuard = registered ? `${registered.name} (global guard in ${registered.file})` : /@(Public|AllowAnonymous|SkipAuth|IsPublic)\s*\(/.test(root.text) ? "global guard (APP_GUARD)" : undefined;
  const routes: Route[] = [];
  for (const classNode of descendants(root, ["class_declaration", "class"])) {
    const decorators = classDecorators(classNode);
    const controller = decorators.find((d) => decoratorName(d) === "Controller");
    if (!controller) continue;
    const prefix = stringValue(decoratorArgument(controller)) ?? "";
    const classGates = gatesOf(decorators, vocabulary);
    const classPublic = decorators.find((d) => PUBLIC_DECORATOR.test(decoratorName(d)));
    const className = classNode.childForFieldName("name")?.text ?? "controller";
    let pending: Node[] = [];
    for (const member of namedChildren(classNode.childForFieldName("body"))) {
      if (member.type === "decorator") {
        pending.push(member);
        continue;
      }
      const methodDecorators = pending;
      pending = [];
      if (member.type !== "method_definition") continue;
      const routeDecorator = methodDecorators.find((d) => METHOD_DECORATORS.has(decoratorName(d)));
      if (!routeDecorator) continue;
      const subPath = stringValue(decoratorArgument(routeDecorator)) ?? "";
      const path = joinPaths(prefix ? `/${prefix.replace(/^\//, "")}` : "", subPath ? `/${subPath.replace(/^\//, "")}` : "") || "/";
      const publicDecorator = methodDecorators.find((d) => PUBLIC_DECORATOR.test(decoratorName(d))) ?? classPublic;
      const gates = [...classGates, ...gatesOf(methodDecorators, vocabulary)];
      if (globalGuard && !publicDecorator) gates.push({ name: globalGuard, kind: "global", line: lineOf(member), role: false });
      const check = leadingAuthCheck(member, vocabulary);
      if (check) gates.push(check);
      const paramNames = descendants(member.childForFieldName("parameters") ?? member, ["required_parameter"])
        .filter((p) => /@Param\s*\(/.test(p.text))
        .map((p) => p.childForFieldName("pattern")?.text ?? "")
        .filter(Boolean);
      const first = methodDecorators[0] ?? member;
      routes.push({
        framework: "nestjs",
        method: decoratorName(routeDecorator).toUpperCase(),
        path,
        node: routeDecorator,
        handlers: [member],
        extraSpans: [first, member],
        gates,
        ...(publicDecorator ? { declaredPublic: `@${decoratorName(publicDecorator)}()` } : {}),
        idNames: [...new Set([...pathParamNames(path), ...paramNames])],
        searched: [`no \`@UseGuards\` on \`${className}\` or the method`, "no global guard with `@Public()` opt-outs in this file"],
        group: className,
      });
    }
  }
  return routes;
}
