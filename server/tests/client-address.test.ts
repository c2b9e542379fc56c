/**
 * Which address the rate limits count against (scripts/serve.mjs decides it before Next.js sees the
 * request). The reliability suite's "headers" check proves it on the running server; this pins the
 * rule for proxy chains.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without type declarations
import { clientAddress } from "../../scripts/serve.mjs";

const address = clientAddress as (forwardedFor: string | undefined, socket: string | undefined, proxies: number) => string;

describe("the client's address", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(address("203.0.113.9", "::ffff:192.0.2.1", 0)).toBe("192.0.2.1");
    expect(address(undefined, "192.0.2.1", 0)).toBe("192.0.2.1");
  });

  it("is what the trusted proxy appended, not what the client put in front of it", () => {
    // The client claims 203.0.113.9; nginx (10.0.0.2) appends the real peer 198.51.100.7.
    expect(address("203.0.113.9, 198.51.100.7", "10.0.0.2", 1)).toBe("198.51.100.7");
    // Two proxies: a CDN appended the client, the load balancer appended the CDN.
    expect(address("203.0.113.9, 198.51.100.7, 172.16.0.5", "10.0.0.2", 2)).toBe("198.51.100.7");
  });

  it("falls back to the outermost hop when the chain is shorter than the proxies configured", () => {
    expect(address("", "10.0.0.2", 1)).toBe("10.0.0.2");
    expect(address("198.51.100.7", "10.0.0.2", 3)).toBe("198.51.100.7");
  });
});
