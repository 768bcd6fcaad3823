/**
 * One parse per file per scan batch: the rules, the auth analyzer and the Terraform checks all read the same
 * tree-sitter tree instead of parsing the file again (parsing is about half a second per MB of source).
 * Trees live in WebAssembly memory, which is never given back to the host, so the scan core releases them
 * after each batch of files rather than holding every tree of a large diff at once.
 */
import type { Tree } from "web-tree-sitter";
import type { GrammarLanguage } from "./languages.js";
import type { RuleEngine } from "./rules/engine.js";
import { freeTree } from "./tree-caches.js";

export class SyntaxTrees {
  private readonly trees = new Map<string, Promise<Tree>>();

  constructor(private readonly engine: Pick<RuleEngine, "parse">) {}

  /** The tree of `text` (a file's scan text, identified by its path); parsed on first request. */
  get(path: string, language: GrammarLanguage, text: string): Promise<Tree> {
    const key = `${language}\u0000${path}`;
    let tree = this.trees.get(key);
    if (!tree) {
      tree = this.engine.parse(language, text);
      this.trees.set(key, tree);
      // A failed parse is not cached as a rejected promise that `release` would then trip over.
      tree.catch(() => this.trees.delete(key));
    }
    return tree;
  }

  /** Frees every tree parsed so far; a later `get` parses again. */
  async release(): Promise<void> {
    const pending = [...this.trees.values()];
    this.trees.clear();
    for (const result of await Promise.allSettled(pending)) if (result.status === "fulfilled") freeTree(result.value);
  }
}
