import { BlockList, isIP } from "node:net";

/**
 * The header the production server (apps/web/scripts/production-server.ts) sets on every request to the
 * address it worked out from the socket and TRUSTED_PROXIES, overwriting whatever a client sent in it.
 */
export const CLIENT_ADDRESS_HEADER = "x-salesos-client-address";

/**
 * The caller's address, for rate limits: the production server's verdict. Without it (the development
 * server, router tests), the last `X-Forwarded-For` entry.
 */
export function clientAddress(headers: { get(name: string): string | null }): string {
  const resolved = headers.get(CLIENT_ADDRESS_HEADER);
  if (resolved) return resolved;
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || headers.get("x-real-ip") || "unknown";
}

/** TRUSTED_PROXIES: a number of proxy hops in front of the app, or the proxies' addresses and CIDRs. */
export type TrustedProxies = { hops: number } | { networks: BlockList } | null;

export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return { hops: Number(text) };
  const networks = new BlockList();
  for (const entry of text.split(",").map((part) => part.trim())) {
    const [address, prefix] = entry.split("/");
    const family = isIP(address ?? "");
    if (!address || family === 0)
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address, a CIDR or a hop count.`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) networks.addAddress(address, type);
    else if (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))
      networks.addSubnet(address, Number(prefix), type);
    else throw new Error(`TRUSTED_PROXIES: "${entry}" has a bad prefix length.`);
  }
  return { networks };
}

const plain = (address: string) => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");

/**
 * Who connected, as far as we can trust: with no proxies configured, the socket's address (a client
 * chooses its own X-Forwarded-For); with N hops, the address N entries in from the right of the chain
 * (X-Forwarded-For then the socket); with proxy networks, the first address from the right outside them.
 */
export function resolveClientAddress(args: {
  socketAddress: string | undefined;
  forwardedFor: string | undefined;
  trusted: TrustedProxies;
}): string {
  const socket = plain(args.socketAddress ?? "unknown");
  if (!args.trusted) return socket;
  const chain = [
    ...(args.forwardedFor ?? "")
      .split(",")
      .map((part) => plain(part.trim()))
      .filter(Boolean),
    socket,
  ];
  if ("hops" in args.trusted) return chain[Math.max(0, chain.length - 1 - args.trusted.hops)]!;
  const { networks } = args.trusted;
  for (let i = chain.length - 1; i >= 0; i--) {
    const address = chain[i]!;
    const family = isIP(address);
    if (family === 0) return address;
    if (!networks.check(address, family === 4 ? "ipv4" : "ipv6")) return address;
  }
  return chain[0]!;
}
