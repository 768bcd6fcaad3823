/** Repository metadata, file contents at a ref, and a collaborator's permission. */
import { notFound } from "../github-errors.js";
import { API, repoShape, userShape, WEB } from "../shapes.js";
import { actorFor, resolveRef, type RoleName } from "../state.js";
import { ok, requireRepo, type Handler } from "./handler.js";

const CONTENTS_DOCS = "https://docs.github.com/rest/repos/contents#get-repository-content";

export const getRepository: Handler = (request) => ok(repoShape(requireRepo(request)));

/**
 * Files come back base64-encoded in 60-character lines, as GitHub sends them; `Accept: application/vnd.github.raw`
 * returns the text itself. A directory path lists its entries.
 */
export const getContent: Handler = async (request) => {
  const repo = requireRepo(request);
  const ref = typeof request.query.ref === "string" ? request.query.ref : undefined;
  const sha = resolveRef(repo, ref);
  const tree = sha ? repo.trees[sha] : undefined;
  const path = String(request.params.path).replace(/^\/+|\/+$/g, "");
  if (!tree) return notFound(CONTENTS_DOCS);
  const fullName = `${repo.owner}/${repo.name}`;
  const text = tree[path];
  if (text === undefined) {
    const entries = Object.keys(tree).filter((candidate) => candidate.startsWith(`${path}/`));
    if (entries.length === 0) return notFound(CONTENTS_DOCS);
    const names = [...new Set(entries.map((entry) => entry.slice(path.length + 1).split("/")[0] ?? ""))];
    return ok(
      await Promise.all(
        names.map(async (name) => {
          const entryPath = `${path}/${name}`;
          const file = tree[entryPath];
          return {
            type: file === undefined ? "dir" : "file",
            name,
            path: entryPath,
            sha: await gitBlobSha(file ?? entryPath),
            size: file === undefined ? 0 : new TextEncoder().encode(file).length,
            url: `${API}/repos/${fullName}/contents/${entryPath}?ref=${encodeURIComponent(ref ?? repo.defaultBranch)}`,
          };
        }),
      ),
    );
  }
  const accept = request.headers.get("accept") ?? "";
  if (accept.includes("application/vnd.github.raw")) {
    return { status: 200, text, contentType: "application/vnd.github.raw; charset=utf-8" };
  }
  const name = path.split("/").at(-1) ?? path;
  const bytes = new TextEncoder().encode(text);
  return ok({
    type: "file",
    encoding: "base64",
    size: bytes.length,
    name,
    path,
    content: toBase64Lines(bytes),
    sha: await gitBlobSha(text),
    url: `${API}/repos/${fullName}/contents/${path}?ref=${encodeURIComponent(ref ?? repo.defaultBranch)}`,
    html_url: `${WEB}/${fullName}/blob/${sha}/${path}`,
    download_url: `https://raw.githubusercontent.com/${fullName}/${sha}/${path}`,
  });
};

/** `permission` is the legacy level (admin, write, read, none); `role_name` keeps maintain and triage apart. */
export const getCollaboratorPermission: Handler = (request) => {
  const repo = requireRepo(request);
  const login = String(request.params.username);
  const entry = Object.entries(repo.permissions).find(([name]) => name.toLowerCase() === login.toLowerCase());
  const role: RoleName | undefined = entry?.[1];
  const permission = !role ? "none" : role === "admin" ? "admin" : role === "maintain" || role === "write" ? "write" : "read";
  return ok({ permission, role_name: role ?? "none", user: userShape(actorFor(entry?.[0] ?? login)) });
};

function toBase64Lines(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return (btoa(binary).match(/.{1,60}/g) ?? [""]).join("\n") + "\n";
}

/** Git's blob id: SHA-1 over "blob <size>\0<content>". */
export async function gitBlobSha(text: string): Promise<string> {
  const content = new TextEncoder().encode(text);
  const header = new TextEncoder().encode(`blob ${content.length}\0`);
  const data = new Uint8Array(header.length + content.length);
  data.set(header);
  data.set(content, header.length);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-1", data));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
