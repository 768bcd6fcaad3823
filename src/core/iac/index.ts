/** The IaC analyzers that are not one tree-sitter query (see rules/iac/ for those that are). */
import { dockerfileAnalyzer } from "../analyzers/dockerfile.js";
import type { Analyzer } from "../analyzers/analyzer.js";
import { cloudFormationAnalyzer } from "./cloudformation.js";
import { githubActionsAnalyzer } from "./github-actions.js";
import { terraformAnalyzer } from "./terraform.js";

export const IAC_ANALYZERS: readonly Analyzer[] = [dockerfileAnalyzer, terraformAnalyzer, cloudFormationAnalyzer, githubActionsAnalyzer];
