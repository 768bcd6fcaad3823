/** `gatehouse queue` against a stand-in service (the real endpoint is covered in test/worker/remediation.test.ts). */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runQueue } from "../../src/cli/commands/queue.js";
import { UsageError } from "../../src/cli/errors.js";

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return { io: { stdout, stderr }, out: () => out };
}

const TOKEN = `gatehouse_${"0123456789abcdef".repeat(2)}`;

/** Answers like the service: the ids for the right token, 401 `{ error }` for any other. */
function service(seen: Request[] = []): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    seen.push(request);
    if (request.headers.get("authorization") !== `Bearer ${TOKEN}`) return Response.json({ error: "The token is not valid (unknown or revoked)." }, { status: 401 });
    if (new URL(request.url).searchParams.get("format") === "json") return Response.json({ repository: "acme/shop", findings: [{ id: "GH-0000000a", prompt: "Fix Gatehouse finding GH-0000000a" }] });
    return new Response("GH-0000000a\nGH-0000000b\n", { headers: { "content-type": "text/plain" } });
  };
}

describe("gatehouse queue", () => {
  it("prints one id per line from the service, sending the token from GATEHOUSE_API_TOKEN to the repository's queue", async () => {
    const { io, out } = capture();
    const seen: Request[] = [];
    const code = await runQueue(["--repo", "acme/shop", "--url", "https://gatehouse.example.test/base"], io, { fetch: service(seen), env: { GATEHOUSE_API_TOKEN: TOKEN } });
    expect(code).toBe(0);
    expect(out()).toBe("GH-0000000a\nGH-0000000b\n");
    expect(seen[0]?.url).toBe("https://gatehouse.example.test/base/api/repos/acme/shop/queue");
  });

  it("prints the JSON with prompts for --format json, with --token taking precedence", async () => {
    const { io, out } = capture();
    const code = await runQueue(["--repo", "acme/shop", "--url", "https://gatehouse.example.test", "--token", TOKEN, "--format", "json"], io, { fetch: service(), env: { GATEHOUSE_API_TOKEN: "stale" } });
    expect(code).toBe(0);
    expect(JSON.parse(out())).toEqual({ repository: "acme/shop", findings: [{ id: "GH-0000000a", prompt: "Fix Gatehouse finding GH-0000000a" }] });
  });

  it("turns a refusal into a usage error that names the status, the service's reason and what to check", async () => {
    const { io } = capture();
    await expect(runQueue(["--repo", "acme/shop", "--url", "https://gatehouse.example.test", "--token", "wrong"], io, { fetch: service(), env: {} })).rejects.toThrow(
      "https://gatehouse.example.test answered 401: The token is not valid (unknown or revoked). Check the token (GATEHOUSE_API_TOKEN).",
    );
  });

  it("says which flag is missing or wrong", async () => {
    const { io } = capture();
    const run = (args: string[], env: NodeJS.ProcessEnv = { GATEHOUSE_API_TOKEN: TOKEN }) => runQueue(args, io, { fetch: service(), env });
    await expect(run(["--url", "https://x.test"])).rejects.toThrow("--repo OWNER/NAME is required");
    await expect(run(["--repo", "acme", "--url", "https://x.test"])).rejects.toThrow("--repo must look like owner/name (got `acme`)");
    await expect(run(["--repo", "acme/shop"])).rejects.toThrow("--url is required");
    await expect(run(["--repo", "acme/shop", "--url", "https://x.test", "--format", "csv"])).rejects.toThrow("--format must be text or json (got `csv`)");
    await expect(run(["--repo", "acme/shop", "--url", "https://x.test"], {})).rejects.toThrow(UsageError);
    await expect(run(["--repo", "acme/shop", "--url", "https://x.test"], {})).rejects.toThrow("no API token");
  });
});
