/** Connection strings and URLs that carry a password in their userinfo part (`scheme://user:password@host`). */
import type { SecretRule } from "./types.js";

export const urlRules: SecretRule[] = [
  {
    id: "database-url-password",
    provider: "database",
    kind: "connection string password",
    description: "A password inside a database or message-broker URL: PostgreSQL, MySQL, MongoDB, Redis, AMQP, SQL Server.",
    keywords: ["://"],
    regex:
      /\b(?<scheme>postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|redshift|cockroachdb|clickhouse)(?:\+[a-z0-9]{1,20})?:\/\/[^\s:@/'"\x60<>]{0,128}:(?<secret>[^\s@/'"\x60<>]{3,128})@[A-Za-z0-9_.[\]-]{1,253}/dgi,
    severity: "critical",
    confidence: "high",
    envVar: "DATABASE_URL",
    broad: true,
    samples: {
      match: [
        { value: (g) => g.password(18), text: (v) => `const db = new Pool({ connectionString: "postgres://app:${v}@db.internal:5432/app" });` },
        { value: (g) => g.alnum(24), text: (v) => `MONGO_URL=mongodb+srv://svc:${v}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true`, path: ".env.production" },
        { value: (g) => g.alnum(20), text: (v) => `REDIS_URL: "redis://:${v}@cache.internal:6379/0"`, path: "k8s/app.yaml" },
        { value: (g) => g.alnum(16), text: (v) => `broker = "amqps://worker:${v}@mq.internal/vhost"`, path: "app/settings.py" },
        { value: (g) => g.password(14), text: (v) => `url: mysql://root:${v}@10.0.0.5:3306/shop`, path: "config/database.yml" },
      ],
      noMatch: [
        { text: 'const url = "postgres://user:password@localhost:5432/db";', reason: "the documentation placeholder password" },
        { text: "DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app", reason: "a reference to the environment", path: ".env.example" },
        { text: 'const url = "mongodb://localhost:27017,localhost:27018/app";', reason: "no userinfo" },
        { text: "amqp://guest:guest@localhost:5672/", reason: "RabbitMQ's default local credentials" },
        { text: 'const url = `postgres://${user}:${pass}@${host}/db`;', reason: "built from variables" },
        { text: 'redis_url = "redis://:<password>@host:6379"', reason: "a placeholder" },
      ],
    },
  },
  {
    id: "basic-auth-url",
    provider: "HTTP basic auth",
    kind: "password in a URL",
    description: "An http(s) or ftp URL with `user:password@` credentials.",
    keywords: ["://"],
    regex: /\b(?:https?|ftps?|sftp|git\+https|ssh):\/\/(?<user>[^\s:@/'"\x60<>$]{1,128}):(?<secret>[^\s@/'"\x60<>]{3,128})@[A-Za-z0-9_.-]{1,253}/dgi,
    severity: "high",
    confidence: "medium",
    envVar: "SERVICE_PASSWORD",
    broad: true,
    samples: {
      match: [
        { value: (g) => g.password(16), text: (v) => `fetch("https://deploy:${v}@artifacts.internal/upload")` },
        { value: (g) => g.alnum(20), text: (v) => `git clone https://ci-bot:${v}@git.internal/acme/app.git`, path: "scripts/clone.sh" },
      ],
      noMatch: [
        { text: 'See https://user:pass@example.com for the format.', reason: "a documentation placeholder", path: "docs/README.md" },
        { text: "git clone https://x-access-token:${GITHUB_TOKEN}@github.com/acme/app.git", reason: "a reference to the environment", path: "scripts/clone.sh" },
        { text: 'const u = "https://example.com/a:b/c@d";', reason: "a colon and at-sign in the path, not userinfo" },
      ],
    },
  },
];
