/**
 * The course's topics as learners read them. Lessons and questions tag themselves with the
 * ids on the left (frontmatter `topics`, a question's `topic`); pages show the titles.
 * lib/content/topics.test.ts fails when content uses a topic that has no title here.
 */
export const TOPIC_TITLES: Readonly<Record<string, string>> = {
  "kubernetes-architecture": "Kubernetes architecture and its interfaces",
  "kubernetes-networking": "The Kubernetes network model",
  cni: "The CNI specification",
  vlan: "VLANs (IEEE 802.1Q)",
  vxlan: "VXLAN (RFC 7348)",
  overlay: "Overlays and encapsulation",
  flannel: "Flannel",
  calico: "Calico",
  canal: "Canal",
  "network-policy": "NetworkPolicy",
  services: "Services and kube-proxy",
};

/** The title of a topic id; an unknown id (content ahead of this list) is shown with its dashes as spaces. */
export function topicTitle(id: string): string {
  return TOPIC_TITLES[id] ?? id.replace(/-/g, " ");
}
