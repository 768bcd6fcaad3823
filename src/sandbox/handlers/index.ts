/** operationId (as in GitHub's description) → the handler that implements it. */
import { createInstallationAccessToken } from "./apps.js";
import { createCheckRun, getCheckRun, listCheckRunsForRef, updateCheckRun } from "./checks.js";
import { createComment, createReaction, listComments, updateComment } from "./comments.js";
import type { Handler } from "./handler.js";
import { createIssue, listIssues, updateIssue } from "./issues.js";
import { getPull, listPullFiles, listPulls, listPullsForCommit } from "./pulls.js";
import { getCollaboratorPermission, getContent, getRepository } from "./repos.js";

export const HANDLERS: Readonly<Record<string, Handler>> = {
  "apps/create-installation-access-token": createInstallationAccessToken,
  "repos/get": getRepository,
  "repos/get-content": getContent,
  "repos/get-collaborator-permission-level": getCollaboratorPermission,
  "pulls/get": getPull,
  "pulls/list-files": listPullFiles,
  "pulls/list": listPulls,
  "repos/list-pull-requests-associated-with-commit": listPullsForCommit,
  "checks/create": createCheckRun,
  "checks/get": getCheckRun,
  "checks/update": updateCheckRun,
  "checks/list-for-ref": listCheckRunsForRef,
  "issues/list-comments": listComments,
  "issues/create-comment": createComment,
  "issues/update-comment": updateComment,
  "reactions/create-for-issue-comment": createReaction,
  "issues/create": createIssue,
  "issues/update": updateIssue,
  "issues/list-for-repo": listIssues,
};
