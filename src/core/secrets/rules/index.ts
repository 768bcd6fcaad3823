/**
 * Every secret rule, one module per provider family. Loading this module registers them all with the
 * redaction patterns, so `redactSecrets` masks whatever the analyzer can find.
 */
import { registerSecretPatterns } from "../detect.js";
import { aiRules } from "./ai.js";
import { cloudRules } from "./cloud.js";
import { genericRules } from "./generic.js";
import { jwtRules } from "./jwt.js";
import { keyRules } from "./keys.js";
import { messagingRules } from "./messaging.js";
import { paymentRules } from "./payments.js";
import { platformRules } from "./platforms.js";
import { registryRules } from "./registries.js";
import type { SecretRule } from "./types.js";
import { urlRules } from "./urls.js";
import { vcsRules } from "./vcs.js";

export type { MatchSample, NoMatchSample, SecretRule } from "./types.js";

export const SECRET_RULES: readonly SecretRule[] = [
  ...cloudRules,
  ...vcsRules,
  ...aiRules,
  ...paymentRules,
  ...messagingRules,
  ...registryRules,
  ...platformRules,
  ...keyRules,
  ...urlRules,
  ...jwtRules,
  ...genericRules,
];

export const SECRET_RULES_BY_ID: ReadonlyMap<string, SecretRule> = new Map(SECRET_RULES.map((rule) => [rule.id, rule]));

registerSecretPatterns([...SECRET_RULES]);
