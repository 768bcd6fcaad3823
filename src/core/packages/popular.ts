/**
 * The bundled list of popular package names that typosquats imitate (data/popular-packages.json, built by
 * scripts/build-popular-packages.mjs from monthly download counts; its `source` and `date` say from what and when).
 */
import popularPackages from "../../../data/popular-packages.json";
import type { Ecosystem } from "./registry-port.js";

export const POPULAR_SOURCE: { date: string; source: Record<string, string> } = { date: popularPackages.date, source: popularPackages.source };

/** Popular names per ecosystem, most popular first. Go modules and crates have no bundled list yet. */
export const POPULAR_NAMES: Partial<Record<Ecosystem, readonly string[]>> = {
  npm: popularPackages.npm,
  pypi: popularPackages.pypi,
};
