import { describe, expect, it } from "vitest";
import { base32Encode, sha1Hex, sha256Hex } from "./hash";
import { kubeServiceChain } from "./kube-proxy";
import type { Service } from "./model";
import type { Ipv4 } from "./addresses";

describe("SHA-1 and SHA-256 (FIPS 180 test vectors)", () => {
  it("matches the published digests", () => {
    expect(sha1Hex("abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(sha1Hex("")).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  });
});

describe("base32 (RFC 4648 §10 test vectors)", () => {
  it("encodes like Go's base32.StdEncoding", () => {
    const enc = (s: string) => base32Encode(new TextEncoder().encode(s));
    expect(enc("")).toBe("");
    expect(enc("f")).toBe("MY======");
    expect(enc("fo")).toBe("MZXQ====");
    expect(enc("foo")).toBe("MZXW6===");
    expect(enc("foob")).toBe("MZXW6YQ=");
    expect(enc("fooba")).toBe("MZXW6YTB");
    expect(enc("foobar")).toBe("MZXW6YTBOI======");
  });
});

describe("kube-proxy chain names", () => {
  const svc = (namespace: string, name: string): Service => ({ name, namespace, type: "ClusterIP", clusterIp: "10.96.0.10" as Ipv4, ports: [], selector: {}, endpoints: [] });
  it("reproduces chains every kubeadm cluster has (kube-dns, kubernetes)", () => {
    const dns = svc("kube-system", "kube-dns");
    expect(kubeServiceChain(dns, { name: "dns", protocol: "udp", port: 53, targetPort: 53 })).toBe("KUBE-SVC-TCOU7JCQXEZGVUNU");
    expect(kubeServiceChain(dns, { name: "dns-tcp", protocol: "tcp", port: 53, targetPort: 53 })).toBe("KUBE-SVC-ERIFXISQEP7F7OF4");
    expect(kubeServiceChain(svc("default", "kubernetes"), { name: "https", protocol: "tcp", port: 443, targetPort: 6443 })).toBe("KUBE-SVC-NPX46M4PTMTKRN6Y");
  });
});
