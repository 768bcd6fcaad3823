/** Stripe and Braintree keys that can move money. */
import type { SecretRule } from "./types.js";

export const paymentRules: SecretRule[] = [
  {
    id: "stripe-secret-key",
    provider: "Stripe",
    kind: "live secret key",
    description: "A Stripe live-mode secret key (`sk_live_`): full API access to the account.",
    keywords: ["sk_live_"],
    regex: /\b(?<secret>sk_live_[A-Za-z0-9]{24,247})\b/dg,
    minEntropy: 3.5,
    severity: "critical",
    confidence: "high",
    envVar: "STRIPE_SECRET_KEY",
    samples: {
      match: [{ value: (g) => "sk_live_" + g.alnum(24) }, { value: (g) => "sk_live_" + g.alnum(99), text: (v) => `Stripe.api_key = '${v}'`, path: "config/initializers/stripe.rb" }],
      noMatch: [
        { text: (g) => `const stripe = new Stripe("sk_test_${g.alnum(24)}");`, reason: "a test-mode key cannot move money" },
        { text: 'const stripe = new Stripe("sk_live_xxxxxxxxxxxxxxxxxxxxxxxx");', reason: "a placeholder" },
        { text: (g) => `const publishable = "pk_live_${g.alnum(24)}";`, reason: "a publishable key is meant to be public" },
      ],
    },
  },
  {
    id: "stripe-restricted-key",
    provider: "Stripe",
    kind: "live restricted key",
    description: "A Stripe live-mode restricted key (`rk_live_`).",
    keywords: ["rk_live_"],
    regex: /\b(?<secret>rk_live_[A-Za-z0-9]{24,247})\b/dg,
    minEntropy: 3.5,
    severity: "critical",
    confidence: "high",
    envVar: "STRIPE_RESTRICTED_KEY",
    samples: {
      match: [{ value: (g) => "rk_live_" + g.alnum(24) }],
      noMatch: [{ text: (g) => `key = "rk_test_${g.alnum(24)}"`, reason: "a test-mode key" }],
    },
  },
  {
    id: "stripe-webhook-secret",
    provider: "Stripe",
    kind: "webhook signing secret",
    description: "A Stripe webhook signing secret (`whsec_`): lets anyone forge webhook events.",
    keywords: ["whsec_"],
    regex: /\b(?<secret>whsec_[A-Za-z0-9+/]{32,80})(?![A-Za-z0-9+/=])/dg,
    minEntropy: 4,
    severity: "high",
    confidence: "high",
    envVar: "STRIPE_WEBHOOK_SECRET",
    samples: {
      match: [{ value: (g) => "whsec_" + g.alnum(32) }],
      noMatch: [{ text: "const secret = 'whsec_...';", reason: "an elided secret" }],
    },
  },
  {
    id: "braintree-access-token",
    provider: "Braintree",
    kind: "production access token",
    description: "A PayPal Braintree production access token.",
    keywords: ["access_token$production$"],
    regex: /\b(?<secret>access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})\b/dg,
    severity: "critical",
    confidence: "high",
    envVar: "BRAINTREE_ACCESS_TOKEN",
    samples: {
      match: [{ value: (g) => `access_token$production$${g.chars("0123456789abcdefghijklmnopqrstuvwxyz", 16)}$${g.hex(32)}` }],
      noMatch: [{ text: (g) => `BRAINTREE_SANDBOX = "access_token$sandbox$${g.hex(16)}$${g.hex(32)}"`, reason: "a sandbox token cannot move real money" }],
    },
  },
];
