# syntax=docker/dockerfile:1.7
#
# One image recipe for every Spring Boot app of the shop (api-gateway, user-service, product-service, order-service).
#
#   docker build --build-arg MODULE=user-service -t shop/user-service:0.1.0-SNAPSHOT .
#   docker buildx build --platform linux/amd64,linux/arm64 --build-arg MODULE=user-service -t ... .
#
# Needs BuildKit (the default builder since Docker 23). Nothing is downloaded but base images from the registry and,
# through the Maven Wrapper, Maven and the dependencies from Maven Central.
#
# Build arguments:
#   MODULE         (required) the Maven module to package; it must be a Spring Boot app of this reactor
#   JDK_IMAGE      build stage, default eclipse-temurin:21-jdk (the code targets Java 17; any JDK 17+ builds it)
#   JRE_IMAGE      runtime base, default eclipse-temurin:21-jre (JRE 21+: virtual threads; 25+ for the AOT cache)
#   AOT_CACHE      false (default) | true. With true, the image gets a class-data archive made by a training run at
#                  build time: an AOT cache (JEP 483/514) on a JRE 25+ base, a dynamic CDS archive on 21-24. The
#                  training run starts the application context and stops after its refresh
#                  (-Dspring.context.exit=onRefresh), and the build fails if that start fails. The three services
#                  need their database even for that (Spring Data JDBC and Spring Modulith read the dialect from a
#                  live connection, checked on this project), so give them one for the training:
#                    docker build --network=host --build-arg MODULE=order-service --build-arg AOT_CACHE=true \
#                      --build-arg JRE_IMAGE=eclipse-temurin:25-jre \
#                      --build-arg TRAINING_OPTS="-Dspring.datasource.url=jdbc:postgresql://127.0.0.1:5432/scratch ..." .
#                  (Flyway migrates that database during the training: use a scratch one.)
#   TRAINING_OPTS  extra JVM options for the training run only (see AOT_CACHE)

ARG JDK_IMAGE=eclipse-temurin:21-jdk
ARG JRE_IMAGE=eclipse-temurin:21-jre

# Bytecode is the same on every architecture, so the build stage runs natively on the builder's platform even when
# the image is for another one (no emulated Maven build for arm64 on an amd64 builder).
FROM --platform=$BUILDPLATFORM ${JDK_IMAGE} AS build
ARG MODULE
ARG AOT_CACHE=false
WORKDIR /workspace
# The whole reactor (less what .dockerignore drops): Maven reads every module's POM even when it builds one.
COPY . .
# The cache mount keeps ~/.m2 (dependencies and the wrapper's Maven) between builds without putting it in a layer.
RUN --mount=type=cache,target=/root/.m2 \
    set -eu; \
    if [ -z "${MODULE:-}" ] || [ ! -f "${MODULE}/pom.xml" ]; then \
      echo "Set --build-arg MODULE=<module> to one of the reactor's apps (got '${MODULE:-}')" >&2; exit 1; \
    fi; \
    ./mvnw -B -ntp -pl "${MODULE}" -am -Dmaven.test.skip=true package; \
    cp "${MODULE}"/target/"${MODULE}"-*-exec.jar /workspace/app.jar
# Boot's layered jar, one directory per layer (dependencies change least, the application most), so a code change
# rebuilds only the last layer. The AOT cache and CDS only archive classes loaded from jar files on the class path,
# so that variant extracts app.jar + lib/ instead of the launcher's exploded layout.
RUN set -eu; \
    if [ "${AOT_CACHE}" = true ]; then launcher=""; else launcher="--launcher"; fi; \
    java -Djarmode=tools -jar app.jar extract --layers ${launcher} --destination /layers

FROM ${JRE_IMAGE}
ARG MODULE
ARG AOT_CACHE=false
ARG TRAINING_OPTS=""
LABEL org.opencontainers.image.title="shop-${MODULE}" \
      org.opencontainers.image.description="shop: ${MODULE} (Spring Boot)" \
      org.opencontainers.image.vendor="shop"
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY --chmod=0755 deploy/docker/healthcheck /usr/local/bin/healthcheck
# /app/jvm.args is the java command line after "java": the launcher's main class, or the archive and app.jar.
# /var/lib/shop is the one place an app may keep state on a read-only root file system, when a volume is mounted
# there (the compose file keeps user-service's local signing key in it); it belongs to the app's user.
RUN set -eu; \
    if [ "${AOT_CACHE}" = true ]; then \
      if java -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then \
        record="-XX:AOTCacheOutput=/app/app.aot"; use="-XX:AOTCache=/app/app.aot"; \
      else \
        record="-XX:ArchiveClassesAtExit=/app/app.jsa"; use="-XX:SharedArchiveFile=/app/app.jsa"; \
      fi; \
      java ${record} -Dspring.context.exit=onRefresh ${TRAINING_OPTS} -jar /app/app.jar; \
      printf '%s\n' "${use}" -jar /app/app.jar > /app/jvm.args; \
    else \
      printf '%s\n' -cp /app org.springframework.boot.loader.launch.JarLauncher > /app/jvm.args; \
    fi; \
    mkdir -p /var/lib/shop; \
    chown 10001:10001 /var/lib/shop
# Heap as a share of the container's memory limit, not of the host's; a JVM out of memory exits so that the
# orchestrator restarts it instead of leaving it half-alive. Temporary files go to /tmp, the only writable path.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
# A numeric, non-root user: Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
EXPOSE 8080 8081 8082 8083
ENTRYPOINT ["java", "@/app/jvm.args"]
