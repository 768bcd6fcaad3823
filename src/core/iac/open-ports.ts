/**
 * What "open to the world" means for a firewall rule, shared by Terraform (AWS, GCP, Azure) and CloudFormation:
 * the source is every address, and the ports include remote administration, a database, or everything.
 * Web ports (80, 443) open to the world are how load balancers work, so they are not reported.
 */

export const WORLD_CIDRS = new Set(["0.0.0.0/0", "::/0", "*", "internet", "any"]);

export function isWorld(source: unknown): boolean {
  return typeof source === "string" && WORLD_CIDRS.has(source.trim().toLowerCase());
}

export const ADMIN_PORTS: Record<number, string> = { 22: "SSH", 23: "Telnet", 3389: "RDP", 5985: "WinRM", 5986: "WinRM", 5900: "VNC", 2375: "Docker API", 2376: "Docker API", 6443: "Kubernetes API", 10250: "kubelet" };
export const DATABASE_PORTS: Record<number, string> = {
  1433: "SQL Server",
  1521: "Oracle",
  3306: "MySQL",
  5432: "PostgreSQL",
  5984: "CouchDB",
  6379: "Redis",
  7000: "Cassandra",
  9042: "Cassandra",
  9200: "Elasticsearch",
  9300: "Elasticsearch",
  11211: "Memcached",
  27017: "MongoDB",
  27018: "MongoDB",
  7687: "Neo4j",
  8086: "InfluxDB",
  2379: "etcd",
  5672: "RabbitMQ",
};

export interface PortRange {
  from: number;
  to: number;
}

export type Exposure = { kind: "all-ports" } | { kind: "admin-port" | "db-port"; port: number; service: string };

/** A range wider than this counts as "all ports": nobody opens 0-60000 for one service. */
const ALL_PORTS_WIDTH = 30_000;

export function classify(ranges: PortRange[]): Exposure | null {
  if (ranges.some((r) => r.to - r.from >= ALL_PORTS_WIDTH)) return { kind: "all-ports" };
  for (const [kind, table] of [
    ["admin-port", ADMIN_PORTS],
    ["db-port", DATABASE_PORTS],
  ] as const) {
    for (const [port, service] of Object.entries(table)) {
      const n = Number(port);
      if (ranges.some((r) => r.from <= n && n <= r.to)) return { kind, port: n, service };
    }
  }
  return null;
}

/** "22", "8000-9000", "*", 22: a port or range as firewall rules write it; null when not a literal. */
export function parsePortRange(value: unknown): PortRange | null {
  if (typeof value === "number" && Number.isInteger(value)) return value < 0 ? { from: 0, to: 65535 } : { from: value, to: value };
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (text === "*" || text === "-1") return { from: 0, to: 65535 };
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(text);
  if (range) return { from: Number(range[1]), to: Number(range[2]) };
  return /^\d+$/.test(text) ? { from: Number(text), to: Number(text) } : null;
}

export function describeExposure(exposure: Exposure): string {
  return exposure.kind === "all-ports" ? "all ports" : `port ${exposure.port} (${exposure.service})`;
}

export const EXPOSURE_WHY: Record<Exposure["kind"], string> = {
  "admin-port": "Remote-administration ports open to the internet are scanned within minutes and brute-forced or exploited; they should only be reachable from a VPN, bastion or known office range.",
  "db-port": "A database port open to the internet exposes the database to password guessing and to exploits of the server itself; only the application's network should reach it.",
  "all-ports": "Every service on the instance, including ones added later and ones meant to be internal, is reachable from the internet.",
};
