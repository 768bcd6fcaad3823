/**
 * What every resource handler receives and returns. Handlers see a request that already passed the contract
 * check, with parameters typed, so they only implement GitHub's behaviour.
 */
import type { Actor, RepoState, SandboxState } from "../state.js";

export interface HandlerRequest {
  operationId: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  headers: Headers;
  url: URL;
  /** Who the credentials act as: the App's bot for installation tokens, a user for user tokens. */
  actor: Actor;
  /** The installation behind the token, if it is an installation token. */
  installationId?: number;
  /** The repository named by `{owner}/{repo}`, already checked to exist and be visible to the token. */
  repo?: RepoState;
}

export interface HandlerResult {
  status: number;
  json?: unknown;
  /** A non-JSON body (the diff media type, raw file contents). */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (request: HandlerRequest, state: SandboxState) => HandlerResult | Promise<HandlerResult>;

export function ok(json: unknown, status = 200, headers?: Record<string, string>): HandlerResult {
  return { status, json, ...(headers ? { headers } : {}) };
}

/** The repository of a repository-scoped request; the pipeline guarantees it, so absence is a sandbox bug. */
export function requireRepo(request: HandlerRequest): RepoState {
  if (!request.repo) throw new Error(`sandbox bug: ${request.operationId} ran without its repository`);
  return request.repo;
}
