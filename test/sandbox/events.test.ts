/** Every committed webhook payload is real JSON for the event and action its file name says. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const EVENTS_DIR = join(import.meta.dirname, "../../fixtures/events");
const files = readdirSync(EVENTS_DIR).filter((file) => file.endsWith(".json"));

describe("event fixtures", () => {
  it("holds the payloads Gatehouse handles", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "pull_request.opened.json",
        "pull_request.synchronize.json",
        "pull_request.reopened.json",
        "pull_request.ready_for_review.json",
        "pull_request.closed.json",
        "check_run.rerequested.json",
        "check_run.requested_action.json",
        "check_suite.rerequested.json",
        "issue_comment.created.json",
        "installation.deleted.json",
      ]),
    );
  });

  it.each(files)("%s parses and carries the action in its name", (file) => {
    const [event, action] = file.replace(/\.json$/, "").split(".");
    const payload = JSON.parse(readFileSync(join(EVENTS_DIR, file), "utf8"));
    expect(payload.action).toBe(action);
    const subject = { pull_request: "pull_request", check_run: "check_run", check_suite: "check_suite", issue_comment: "comment", installation: "installation", installation_repositories: `repositories_${action}` }[event ?? ""];
    expect(subject, `unexpected event ${event}`).toBeDefined();
    expect(payload).toHaveProperty(subject ?? "");
    expect(payload.repository ?? payload.installation).toBeDefined();
  });
});
