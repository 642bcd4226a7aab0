package shop.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import shop.deploy.Manifests.Port;
import shop.deploy.Manifests.Workload;

/**
 * Evaluates the rendered NetworkPolicies the way the Kubernetes NetworkPolicy API defines
 * them (a pod selected by a policy of a type is isolated for that direction; a connection
 * needs the sender's egress and the receiver's ingress), so tests can state who may talk
 * to whom instead of reading YAML. Only the features the shop uses are implemented;
 * anything else (a policy without policyTypes, for one) fails instead of being guessed.
 */
final class NetworkPolicies {

	private static final Set<String> EVERYWHERE = Set.of("0.0.0.0/0", "::/0");

	private final Manifests manifests;

	private final Map<String, String> namespaceLabels;

	NetworkPolicies(Manifests manifests) {
		this.manifests = manifests;
		Map<String, Object> namespace = manifests.ofKind("Namespace").get(0);
		Map<String, String> labels = new LinkedHashMap<>(Manifests.strings(Yamls.mapAt(namespace, "metadata.labels")));
		// Set by Kubernetes on every namespace.
		labels.put("kubernetes.io/metadata.name", Manifests.name(namespace));
		this.namespaceLabels = labels;
		for (Map<String, Object> policy : policies()) {
			if (Yamls.listAt(policy, "spec.policyTypes").isEmpty()) {
				throw new AssertionError(Manifests.describe(policy) + " should list its policyTypes");
			}
		}
	}

	/** Every allowed connection between the shop's pods: "from -> to:port". */
	Set<String> podToPod() {
		Set<String> edges = new TreeSet<>();
		for (Workload from : this.manifests.workloads()) {
			for (Workload to : this.manifests.workloads()) {
				for (Port port : to.ports()) {
					if (allows(from, "Egress", to, port) && allows(to, "Ingress", from, port)) {
						edges.add(from.name() + " -> " + to.name() + ":" + port);
					}
				}
			}
		}
		return edges;
	}

	/**
	 * The pod ports anything outside the cluster may connect to (no "from", or an ipBlock
	 * of everywhere).
	 */
	Set<String> reachableFromAnywhere() {
		Set<String> reachable = new TreeSet<>();
		for (Workload to : this.manifests.workloads()) {
			for (Port port : to.ports()) {
				List<Map<String, Object>> rules = rules(to, "Ingress");
				boolean open = rules == null || rules.stream()
					.anyMatch((rule) -> portsMatch(rule, to, port)
							&& (peers(rule, "from").isEmpty() || peers(rule, "from").stream()
								.anyMatch((peer) -> EVERYWHERE
									.contains(String.valueOf(Yamls.stringAt(peer, "ipBlock.cidr"))))));
				if (open) {
					reachable.add(to.name() + ":" + port);
				}
			}
		}
		return reachable;
	}

	/**
	 * Connections allowed to or from address ranges: "pod -> cidr:ports" and "cidr ->
	 * pod:ports".
	 */
	Set<String> addressRanges() {
		Set<String> edges = new TreeSet<>();
		for (Workload workload : this.manifests.workloads()) {
			for (String type : List.of("Egress", "Ingress")) {
				List<Map<String, Object>> rules = rules(workload, type);
				for (Map<String, Object> rule : (rules != null) ? rules : List.<Map<String, Object>>of()) {
					for (Map<String, Object> peer : peers(rule, type.equals("Egress") ? "to" : "from")) {
						String cidr = Yamls.stringAt(peer, "ipBlock.cidr");
						if (cidr != null) {
							edges.add(type.equals("Egress") ? workload.name() + " -> " + cidr + ":" + ports(rule)
									: cidr + " -> " + workload.name() + ":" + ports(rule));
						}
					}
				}
			}
		}
		return edges;
	}

	/**
	 * Workloads that may send DNS queries to the cluster DNS (kube-dns pods in
	 * kube-system).
	 */
	Set<String> canResolveNames() {
		Set<String> resolving = new TreeSet<>();
		Map<String, String> dnsNamespace = Map.of("kubernetes.io/metadata.name", "kube-system");
		Map<String, String> dnsPod = Map.of("k8s-app", "kube-dns");
		Port dns = new Port("dns", 53, "UDP");
		for (Workload workload : this.manifests.workloads()) {
			List<Map<String, Object>> rules = rules(workload, "Egress");
			boolean allowed = rules == null || rules.stream()
				.anyMatch((rule) -> portsMatch(rule, null, dns)
						&& (peers(rule, "to").isEmpty() || peers(rule, "to").stream()
							.anyMatch((peer) -> peer.containsKey("namespaceSelector")
									&& Manifests.selects(Yamls.mapAt(peer, "namespaceSelector"), dnsNamespace, false)
									&& Manifests.selects(Yamls.mapAt(peer, "podSelector"), dnsPod, false))));
			if (allowed) {
				resolving.add(workload.name());
			}
		}
		return resolving;
	}

	/**
	 * Egress allowed to pods of other namespaces, by port: "pod -> namespace selector/pod selector:ports".
	 */
	Set<String> toOtherNamespaces() {
		Set<String> edges = new TreeSet<>();
		for (Workload workload : this.manifests.workloads()) {
			List<Map<String, Object>> rules = rules(workload, "Egress");
			for (Map<String, Object> rule : (rules != null) ? rules : List.<Map<String, Object>>of()) {
				for (Map<String, Object> peer : peers(rule, "to")) {
					if (peer.containsKey("namespaceSelector")
							&& !Manifests.selects(Yamls.mapAt(peer, "namespaceSelector"), this.namespaceLabels, false)) {
						edges.add(workload.name() + " -> " + Yamls.mapAt(peer, "namespaceSelector") + "/"
								+ Yamls.mapAt(peer, "podSelector") + ":" + ports(rule));
					}
				}
			}
		}
		return edges;
	}

	private List<Map<String, Object>> policies() {
		return this.manifests.ofKind("NetworkPolicy");
	}

	/**
	 * The rules of every policy of this type that selects the workload, or null if none
	 * does (not isolated).
	 */
	private List<Map<String, Object>> rules(Workload workload, String type) {
		List<Map<String, Object>> rules = null;
		for (Map<String, Object> policy : policies()) {
			if (Yamls.listAt(policy, "spec.policyTypes").contains(type)
					&& Manifests.selects(Yamls.mapAt(policy, "spec.podSelector"), workload.podLabels(), false)) {
				rules = (rules != null) ? rules : new ArrayList<>();
				for (Object rule : Yamls.listAt(policy, "spec." + type.toLowerCase(Locale.ROOT))) {
					rules.add(Yamls.map(rule, Manifests.describe(policy) + " rule"));
				}
			}
		}
		return rules;
	}

	private boolean allows(Workload workload, String type, Workload peer, Port port) {
		List<Map<String, Object>> rules = rules(workload, type);
		if (rules == null) {
			return true;
		}
		String peers = type.equals("Egress") ? "to" : "from";
		// An egress port is a port of the destination, an ingress port one of the
		// workload itself.
		Workload portOwner = type.equals("Egress") ? peer : workload;
		return rules.stream()
			.anyMatch((rule) -> portsMatch(rule, portOwner, port) && (peers(rule, peers).isEmpty()
					|| peers(rule, peers).stream().anyMatch((p) -> selectsPod(p, peer))));
	}

	private boolean selectsPod(Map<String, Object> peer, Workload workload) {
		if (peer.containsKey("ipBlock")) {
			// Meant for addresses outside the cluster; pod addresses are not matched by
			// the shop's policies.
			return false;
		}
		boolean namespace = !peer.containsKey("namespaceSelector")
				|| Manifests.selects(Yamls.mapAt(peer, "namespaceSelector"), this.namespaceLabels, false);
		boolean pod = !peer.containsKey("podSelector")
				|| Manifests.selects(Yamls.mapAt(peer, "podSelector"), workload.podLabels(), false);
		return namespace && pod;
	}

	private static List<Map<String, Object>> peers(Map<String, Object> rule, String key) {
		return Yamls.listAt(rule, key).stream().map((peer) -> Yamls.map(peer, key)).toList();
	}

	private static boolean portsMatch(Map<String, Object> rule, Workload owner, Port port) {
		List<Object> ports = Yamls.listAt(rule, "ports");
		if (ports.isEmpty()) {
			return true;
		}
		for (Object item : ports) {
			Map<String, Object> spec = Yamls.map(item, "ports[]");
			if (!String.valueOf(spec.getOrDefault("protocol", "TCP")).equals(port.protocol())) {
				continue;
			}
			Object number = spec.get("port");
			if (number == null) {
				return true;
			}
			if (number instanceof Number first) {
				int last = (spec.get("endPort") instanceof Number end) ? end.intValue() : first.intValue();
				if (port.number() >= first.intValue() && port.number() <= last) {
					return true;
				}
			}
			else if (owner != null
					&& owner.port(number).filter((named) -> named.number() == port.number()).isPresent()) {
				return true;
			}
		}
		return false;
	}

	private static String ports(Map<String, Object> rule) {
		List<String> ports = new ArrayList<>();
		for (Object item : Yamls.listAt(rule, "ports")) {
			Map<String, Object> spec = Yamls.map(item, "ports[]");
			ports.add(spec.get("port") + ((spec.get("endPort") != null) ? "-" + spec.get("endPort") : ""));
		}
		return ports.isEmpty() ? "*" : String.join(",", ports);
	}

}
