package shop.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import shop.deploy.Manifests.Workload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment rules every rendered workload follows (base and production), and a few
 * things only an API server or a running cluster would otherwise reveal: selectors that
 * select nothing, references to missing ConfigMaps, Secrets or ports, and pods the
 * namespace's "restricted" Pod Security Standard would refuse.
 */
class WorkloadRulesTests {

	private static final String READINESS = "/actuator/health/readiness";

	private static final String LIVENESS = "/actuator/health/liveness";

	@ParameterizedTest
	@ValueSource(strings = { Kustomize.BASE, Kustomize.PRODUCTION })
	void everyDeploymentHasTheThreeProbesOnTheHealthGroups(String source) {
		List<String> problems = new ArrayList<>();
		for (Workload workload : deployments(source)) {
			for (Map<String, Object> container : workload.containers()) {
				String where = workload.describe() + " container " + container.get("name");
				expectHttpProbe(problems, workload, container, "startupProbe", LIVENESS, where);
				expectHttpProbe(problems, workload, container, "livenessProbe", LIVENESS, where);
				expectHttpProbe(problems, workload, container, "readinessProbe", READINESS, where);
			}
		}
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { Kustomize.BASE, Kustomize.PRODUCTION })
	void everyContainerHasRequestsAndLimits(String source) {
		List<String> problems = new ArrayList<>();
		for (Workload workload : Kustomize.render(source).workloads()) {
			for (Map<String, Object> container : workload.containers()) {
				for (String bound : List.of("requests", "limits")) {
					Map<String, Object> resources = Yamls.mapAt(container, "resources." + bound);
					if (!resources.keySet().containsAll(Set.of("cpu", "memory"))) {
						problems.add(workload.describe() + " container " + container.get("name") + " lacks cpu or "
								+ "memory " + bound + ": " + resources);
					}
				}
			}
		}
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { Kustomize.BASE, Kustomize.PRODUCTION })
	void everyDeploymentRunsNonRootReadOnlyWithoutPrivileges(String source) {
		List<String> problems = new ArrayList<>();
		for (Workload workload : deployments(source)) {
			Map<String, Object> pod = workload.podSpec();
			for (Map<String, Object> container : workload.containers()) {
				String where = workload.describe() + " container " + container.get("name");
				Map<String, Object> security = Yamls.mapAt(container, "securityContext");
				expect(problems, where, "runAsNonRoot", Boolean.TRUE.equals(security.get("runAsNonRoot"))
						|| Boolean.TRUE.equals(Yamls.at(pod, "securityContext.runAsNonRoot")));
				expect(problems, where, "readOnlyRootFilesystem",
						Boolean.TRUE.equals(security.get("readOnlyRootFilesystem")));
				expect(problems, where, "allowPrivilegeEscalation: false",
						Boolean.FALSE.equals(security.get("allowPrivilegeEscalation")));
				expect(problems, where, "capabilities drop ALL",
						Yamls.listAt(security, "capabilities.drop").contains("ALL"));
				expect(problems, where, "seccompProfile RuntimeDefault",
						"RuntimeDefault".equals(Yamls.stringAt(security, "seccompProfile.type"))
								|| "RuntimeDefault".equals(Yamls.stringAt(pod, "securityContext.seccompProfile.type")));
				expect(problems, where, "an emptyDir mounted at /tmp", mountsEmptyDirAt(workload, container, "/tmp"));
			}
		}
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { Kustomize.BASE, Kustomize.PRODUCTION })
	void everyDeploymentShutsDownGracefullyAfterAPreStopPause(String source) {
		List<String> problems = new ArrayList<>();
		for (Workload workload : deployments(source)) {
			Object grace = workload.podSpec().get("terminationGracePeriodSeconds");
			for (Map<String, Object> container : workload.containers()) {
				String where = workload.describe() + " container " + container.get("name");
				Object pause = Yamls.at(container, "lifecycle.preStop.sleep.seconds");
				expect(problems, where, "a preStop sleep", pause instanceof Number seconds && seconds.intValue() > 0);
				// The pause counts against the grace period; what is left must cover
				// Boot's graceful shutdown.
				expect(problems, where, "terminationGracePeriodSeconds at least 30 s beyond the preStop pause",
						grace instanceof Number total && pause instanceof Number seconds
								&& total.intValue() >= seconds.intValue() + 30);
			}
			expect(problems, workload.describe(), "automountServiceAccountToken: false",
					Boolean.FALSE.equals(workload.podSpec().get("automountServiceAccountToken")));
		}
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { Kustomize.BASE, Kustomize.PRODUCTION })
	void everyServiceBackedDeploymentHasADisruptionBudgetAndAnAutoscaler(String source) {
		Manifests manifests = Kustomize.render(source);
		List<String> problems = new ArrayList<>();
		for (Workload workload : manifests.deployments()) {
			if (servicesOf(manifests, workload).isEmpty()) {
				continue;
			}
			boolean budget = manifests.ofKind("PodDisruptionBudget")
				.stream()
				.anyMatch((pdb) -> Manifests.selects(Yamls.mapAt(pdb, "spec.selector"), workload.podLabels(), false));
			List<Map<String, Object>> autoscalers = manifests.ofKind("HorizontalPodAutoscaler")
				.stream()
				.filter((hpa) -> "Deployment".equals(Yamls.stringAt(hpa, "spec.scaleTargetRef.kind"))
						&& workload.name().equals(Yamls.stringAt(hpa, "spec.scaleTargetRef.name")))
				.toList();
			expect(problems, workload.describe(), "a PodDisruptionBudget selecting its pods", budget);
			expect(problems, workload.describe(), "a HorizontalPodAutoscaler", autoscalers.size() == 1);
			// With an autoscaler, replicas in the Deployment would be reset by every
			// kubectl apply.
			expect(problems, workload.describe(), "no spec.replicas (the autoscaler owns them)",
					autoscalers.isEmpty() || !workload.spec().containsKey("replicas"));
			autoscalers.forEach((hpa) -> expect(problems, Manifests.describe(hpa), "minReplicas of at least 2",
					((Number) Yamls.at(hpa, "spec.minReplicas")).intValue() >= 2));
		}
		assertThat(manifests.deployments()).as("Deployments in " + source).hasSize(4);
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { Kustomize.BASE, Kustomize.PRODUCTION })
	void everyPodMeetsTheRestrictedPodSecurityStandard(String source) {
		Manifests manifests = Kustomize.render(source);
		Map<String, Object> namespace = manifests.ofKind("Namespace").get(0);
		assertThat(Yamls.stringAt(namespace, "metadata.labels"))
			.contains("pod-security.kubernetes.io/enforce=restricted");
		List<String> problems = new ArrayList<>();
		for (Workload workload : manifests.workloads()) {
			Map<String, Object> pod = workload.podSpec();
			for (String hostAccess : List.of("hostNetwork", "hostPID", "hostIPC")) {
				expect(problems, workload.describe(), "no " + hostAccess, !Boolean.TRUE.equals(pod.get(hostAccess)));
			}
			expect(problems, workload.describe(), "no hostPath volume",
					Yamls.listAt(pod, "volumes")
						.stream()
						.noneMatch((volume) -> Yamls.map(volume, "volume").containsKey("hostPath")));
			boolean podNonRoot = Boolean.TRUE.equals(Yamls.at(pod, "securityContext.runAsNonRoot"));
			boolean podSeccomp = "RuntimeDefault".equals(Yamls.stringAt(pod, "securityContext.seccompProfile.type"));
			for (Map<String, Object> container : workload.containers()) {
				String where = workload.describe() + " container " + container.get("name");
				Map<String, Object> security = Yamls.mapAt(container, "securityContext");
				expect(problems, where, "runAsNonRoot",
						podNonRoot || Boolean.TRUE.equals(security.get("runAsNonRoot")));
				expect(problems, where, "not privileged", !Boolean.TRUE.equals(security.get("privileged")));
				expect(problems, where, "allowPrivilegeEscalation: false",
						Boolean.FALSE.equals(security.get("allowPrivilegeEscalation")));
				expect(problems, where, "capabilities drop ALL",
						Yamls.listAt(security, "capabilities.drop").contains("ALL"));
				expect(problems, where, "no added capability but NET_BIND_SERVICE",
						Yamls.listAt(security, "capabilities.add").stream().allMatch("NET_BIND_SERVICE"::equals));
				expect(problems, where, "seccompProfile RuntimeDefault",
						podSeccomp || "RuntimeDefault".equals(Yamls.stringAt(security, "seccompProfile.type")));
				expect(problems, where, "no hostPort",
						Yamls.listAt(container, "ports")
							.stream()
							.noneMatch((port) -> Yamls.map(port, "port").containsKey("hostPort")));
			}
		}
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { Kustomize.BASE, Kustomize.PRODUCTION })
	void selectorsSelectAndPortsResolve(String source) {
		Manifests manifests = Kustomize.render(source);
		List<String> problems = new ArrayList<>();
		for (Workload workload : manifests.workloads()) {
			// The API server refuses a workload whose selector does not match its own
			// template.
			expect(problems, workload.describe(), "a selector that matches its pod template",
					Manifests.selects(Yamls.mapAt(workload.spec(), "selector"), workload.podLabels(), false));
			for (Map<String, Object> container : workload.containers()) {
				for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
					Object port = Yamls.at(container, probe + ".httpGet.port");
					port = (port != null) ? port : Yamls.at(container, probe + ".tcpSocket.port");
					if (port != null) {
						expect(problems, workload.describe() + " " + probe, "a port that exists (" + port + ")",
								workload.port(port).isPresent());
					}
				}
			}
		}
		for (Map<String, Object> service : manifests.ofKind("Service")) {
			List<Workload> backends = manifests.workloads()
				.stream()
				.filter((workload) -> Manifests.selects(Yamls.mapAt(service, "spec.selector"), workload.podLabels(),
						true))
				.toList();
			expect(problems, Manifests.describe(service), "a selector that selects a workload", !backends.isEmpty());
			for (Object item : Yamls.listAt(service, "spec.ports")) {
				Object target = Yamls.map(item, "port").getOrDefault("targetPort", Yamls.map(item, "port").get("port"));
				backends.forEach((backend) -> expect(problems, Manifests.describe(service),
						"targetPort " + target + " that " + backend.describe() + " has",
						backend.port(target).isPresent()));
			}
		}
		for (Map<String, Object> budget : manifests.ofKind("PodDisruptionBudget")) {
			expect(problems, Manifests.describe(budget), "a selector that selects a workload",
					manifests.workloads()
						.stream()
						.anyMatch((workload) -> Manifests.selects(Yamls.mapAt(budget, "spec.selector"),
								workload.podLabels(), false)));
		}
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { Kustomize.BASE, Kustomize.PRODUCTION })
	void everyReferencedConfigMapAndSecretExists(String source) {
		Manifests manifests = Kustomize.render(source);
		Manifests base = Kustomize.render(Kustomize.BASE);
		List<String> problems = new ArrayList<>();
		for (Workload workload : manifests.workloads()) {
			for (Reference reference : references(workload)) {
				boolean here = manifests.find(reference.kind(), reference.name())
					.filter((object) -> reference.key() == null || hasKey(object, reference.key()))
					.isPresent();
				// The production overlay removes the example Secrets: the operator
				// creates the same ones, so a
				// reference there must name a Secret (and key) the base has an example
				// of.
				boolean provided = source.equals(Kustomize.PRODUCTION) && reference.kind().equals("Secret")
						&& base.find("Secret", reference.name())
							.filter((object) -> reference.key() == null || hasKey(object, reference.key()))
							.isPresent();
				expect(problems, workload.describe(), reference + " to exist", here || provided);
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void baseSecretsAreMarkedAsExamplesAndProductionShipsNone() {
		List<Map<String, Object>> secrets = Kustomize.render(Kustomize.BASE).ofKind("Secret");
		assertThat(secrets).isNotEmpty()
			.allSatisfy((secret) -> assertThat(Yamls.stringAt(secret, "metadata.annotations"))
				.as(Manifests.describe(secret))
				.contains("EXAMPLE"));
		assertThat(Kustomize.render(Kustomize.PRODUCTION).ofKind("Secret")).isEmpty();
	}

	@Test
	void baseRunsItsInfrastructureAsStatefulSetsWithPersistentVolumes() {
		Manifests manifests = Kustomize.render(Kustomize.BASE);
		assertThat(manifests.ofKind("StatefulSet").stream().map(Manifests::name)).containsExactlyInAnyOrder("postgres",
				"kafka", "consul", "redis");
		for (Workload workload : manifests.workloads()) {
			if (!workload.kind().equals("StatefulSet")) {
				continue;
			}
			for (Map<String, Object> container : workload.containers()) {
				assertThat(container).as(workload.describe() + " probes")
					.containsKeys("startupProbe", "readinessProbe", "livenessProbe");
			}
			if (workload.name().equals("redis")) {
				// Nothing to keep (SharedCountersTests); its clients want the stable address of a ClusterIP Service.
				assertThat(Yamls.listAt(workload.spec(), "volumeClaimTemplates")).isEmpty();
				continue;
			}
			List<Object> claims = Yamls.listAt(workload.spec(), "volumeClaimTemplates");
			assertThat(claims).as(workload.describe() + " volumeClaimTemplates").isNotEmpty();
			Set<String> mounted = workload.containers()
				.stream()
				.flatMap((container) -> Yamls.listAt(container, "volumeMounts").stream())
				.map((mount) -> Yamls.stringAt(Yamls.map(mount, "mount"), "name"))
				.collect(Collectors.toSet());
			claims.forEach((claim) -> assertThat(mounted).as(workload.describe() + " mounts its claims")
				.contains(Yamls.stringAt(Yamls.map(claim, "claim"), "metadata.name")));
			String governing = Yamls.stringAt(workload.spec(), "serviceName");
			assertThat(manifests.find("Service", governing)).as(workload.describe() + " governing Service")
				.hasValueSatisfying(
						(service) -> assertThat(Yamls.stringAt(service, "spec.clusterIP")).isEqualTo("None"));
		}
	}

	@Test
	void productionRunsNoInfrastructureOfItsOwn() {
		Manifests manifests = Kustomize.render(Kustomize.PRODUCTION);
		assertThat(manifests.ofKind("StatefulSet")).isEmpty();
		assertThat(manifests.ofKind("Service").stream().map(Manifests::name)).containsExactlyInAnyOrder("api-gateway",
				"user-service", "product-service", "order-service");
		String config = manifests.ofKind("ConfigMap").toString();
		assertThat(config).doesNotContain("postgres:5432", "kafka:9092,", "SHOP_CONSUL_HOST=consul,",
				"SHOP_REDIS_HOST=redis,");
		assertThat(manifests.deployments()).allSatisfy((workload) -> assertThat(workload.containers())
			.allSatisfy((container) -> assertThat(String.valueOf(container.get("image"))).doesNotContain("SNAPSHOT")));
	}

	@ParameterizedTest
	@ValueSource(strings = { Kustomize.BASE, Kustomize.PRODUCTION })
	void imagesArePinned(String source) {
		for (Workload workload : Kustomize.render(source).workloads()) {
			for (Map<String, Object> container : workload.containers()) {
				String image = String.valueOf(container.get("image"));
				String tag = image.substring(image.lastIndexOf('/') + 1);
				assertThat(tag).as(workload.describe() + " image " + image).contains(":").doesNotEndWith(":latest");
			}
		}
	}

	private static List<Workload> deployments(String source) {
		List<Workload> deployments = Kustomize.render(source).deployments();
		assertThat(deployments).as("Deployments in " + source).isNotEmpty();
		return deployments;
	}

	private static List<Map<String, Object>> servicesOf(Manifests manifests, Workload workload) {
		return manifests.ofKind("Service")
			.stream()
			.filter((service) -> Manifests.selects(Yamls.mapAt(service, "spec.selector"), workload.podLabels(), true))
			.toList();
	}

	private static void expectHttpProbe(List<String> problems, Workload workload, Map<String, Object> container,
			String probe, String path, String where) {
		Map<String, Object> httpGet = Yamls.mapAt(container, probe + ".httpGet");
		expect(problems, where, probe + " on " + path, path.equals(httpGet.get("path")));
		expect(problems, where, probe + " on a port the container has", workload.port(httpGet.get("port")).isPresent());
	}

	private static boolean mountsEmptyDirAt(Workload workload, Map<String, Object> container, String path) {
		return Yamls.listAt(container, "volumeMounts")
			.stream()
			.map((mount) -> Yamls.map(mount, "volumeMount"))
			.filter((mount) -> path.equals(mount.get("mountPath")))
			.anyMatch((mount) -> Yamls.listAt(workload.podSpec(), "volumes")
				.stream()
				.map((volume) -> Yamls.map(volume, "volume"))
				.anyMatch((volume) -> Objects.equals(volume.get("name"), mount.get("name"))
						&& volume.containsKey("emptyDir")));
	}

	private static void expect(List<String> problems, String where, String what, boolean holds) {
		if (!holds) {
			problems.add(where + " should have " + what);
		}
	}

	private static boolean hasKey(Map<String, Object> object, String key) {
		return Yamls.mapAt(object, "data").containsKey(key) || Yamls.mapAt(object, "stringData").containsKey(key);
	}

	/**
	 * A reference from a pod template to a ConfigMap or Secret (and one of its keys, for
	 * a key reference).
	 */
	record Reference(String kind, String name, String key) {

		@Override
		public String toString() {
			return this.kind + " " + this.name + ((this.key != null) ? " key " + this.key : "");
		}

	}

	private static List<Reference> references(Workload workload) {
		List<Reference> references = new ArrayList<>();
		for (Map<String, Object> container : workload.containers()) {
			for (Object item : Yamls.listAt(container, "envFrom")) {
				Map<String, Object> source = Yamls.map(item, "envFrom");
				if (source.containsKey("configMapRef")) {
					references.add(new Reference("ConfigMap", Yamls.stringAt(source, "configMapRef.name"), null));
				}
				if (source.containsKey("secretRef")) {
					references.add(new Reference("Secret", Yamls.stringAt(source, "secretRef.name"), null));
				}
			}
			for (Object item : Yamls.listAt(container, "env")) {
				Map<String, Object> env = Yamls.map(item, "env");
				if (Yamls.at(env, "valueFrom.configMapKeyRef") != null) {
					references.add(new Reference("ConfigMap", Yamls.stringAt(env, "valueFrom.configMapKeyRef.name"),
							Yamls.stringAt(env, "valueFrom.configMapKeyRef.key")));
				}
				if (Yamls.at(env, "valueFrom.secretKeyRef") != null) {
					references.add(new Reference("Secret", Yamls.stringAt(env, "valueFrom.secretKeyRef.name"),
							Yamls.stringAt(env, "valueFrom.secretKeyRef.key")));
				}
			}
		}
		for (Object item : Yamls.listAt(workload.podSpec(), "volumes")) {
			Map<String, Object> volume = Yamls.map(item, "volume");
			if (volume.containsKey("configMap")) {
				references.add(new Reference("ConfigMap", Yamls.stringAt(volume, "configMap.name"), null));
			}
			if (volume.containsKey("secret")) {
				references.add(new Reference("Secret", Yamls.stringAt(volume, "secret.secretName"), null));
			}
		}
		return references;
	}

}
