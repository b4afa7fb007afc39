/**
 * kube-proxy (iptables mode) Service translation.
 *
 * Chain names are computed exactly as kube-proxy does (first 16 base32 chars of
 * sha256(servicePortName + protocol)), so the suggested `iptables` commands show
 * the chains a learner will find on a real node.
 */
import { base32Encode, fnv1a32, sha256Bytes } from "./hash";
import type { Ipv4 } from "./addresses";
import type { Service, ServiceEndpoint, ServicePort } from "./model";

/** `namespace/name:port` as kube-proxy's ServicePortName.String() prints it. */
export function servicePortName(service: Service, port: ServicePort): string {
  return `${service.namespace}/${service.name}${port.name ? `:${port.name}` : ""}`;
}

function portProtoHash(text: string): string {
  return base32Encode(sha256Bytes(text)).slice(0, 16);
}

/** The KUBE-SVC-… chain of a service port. */
export function kubeServiceChain(service: Service, port: ServicePort): string {
  return `KUBE-SVC-${portProtoHash(servicePortName(service, port) + port.protocol)}`;
}

/** The KUBE-EXT-… chain kube-proxy uses for NodePort traffic. */
export function kubeExternalChain(service: Service, port: ServicePort): string {
  return `KUBE-EXT-${portProtoHash(servicePortName(service, port) + port.protocol)}`;
}

/** The KUBE-SEP-… chain of one endpoint. */
export function kubeEndpointChain(service: Service, port: ServicePort, endpoint: ServiceEndpoint): string {
  return `KUBE-SEP-${portProtoHash(`${servicePortName(service, port)}${port.protocol}${endpoint.ip}:${port.targetPort}`)}`;
}

/**
 * Picks the endpoint for a new connection. kube-proxy picks at random
 * (`-m statistic --mode random`); the walk hashes the 5-tuple instead so the
 * same packet always takes the same path. `override` forces an index.
 */
export function chooseEndpoint(
  endpoints: readonly ServiceEndpoint[],
  tuple: { src: Ipv4; sport: number; dst: Ipv4; dport: number },
  override?: number,
): ServiceEndpoint | undefined {
  if (endpoints.length === 0) return undefined;
  if (override !== undefined) return endpoints[((override % endpoints.length) + endpoints.length) % endpoints.length];
  return endpoints[fnv1a32(`${tuple.src}|${tuple.sport}|${tuple.dst}|${tuple.dport}`) % endpoints.length];
}

/** The probability kube-proxy writes on the i-th KUBE-SEP jump (1/(n-i)); the last jump has none. */
export function endpointProbability(index: number, count: number): number | undefined {
  return index === count - 1 ? undefined : 1 / (count - index);
}
