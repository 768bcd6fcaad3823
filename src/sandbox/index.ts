export { createGitHubSandbox } from "./sandbox.js";
export type { ContractViolation, GitHubSandbox, RecordedRequest } from "./sandbox.js";
export type { CommentSeed, IssueSeed, PullSeed, RepoSeed, SandboxSeed } from "./seed.js";
export type { FaultOptions } from "./faults.js";
export type * from "./state.js";
export { CONTRACT_SOURCE, OPERATIONS } from "./contract/operations.js";
export { MAX_ANNOTATIONS_PER_REQUEST, MAX_TEXT_LENGTH } from "./contract/prose-limits.js";
