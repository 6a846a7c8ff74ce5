# Base images are build arguments, so that a registry mirror can stand in for Docker Hub, e.g.
#   docker build --build-arg BUILD_IMAGE=mirror.example/maven:3.9-eclipse-temurin-17 \
#                --build-arg RUNTIME_IMAGE=mirror.example/eclipse-temurin:17-jre -t paperbot .
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

# Build stage: compile and package (tests run in CI with `mvn -B verify`).
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY pom.xml .
# Every dependency and plugin in a layer of its own, reused while only the sources change: the same build without
# sources fetches exactly what the real one needs (dependency:go-offline misses what Maven adds to plugins itself,
# e.g. plexus-utils 1.1), and the real build below then runs offline, which proves the layer complete.
RUN mvn -B -q package -DskipTests && rm -rf target
COPY src src
RUN mvn -B -q -o package -DskipTests

# Run stage: a JRE, a non-root user, config baked in (mount your own over /app/config), data on a volume,
# the token only from the environment.
FROM ${RUNTIME_IMAGE}
# Fixed ids with a group of their own, so that a bind-mounted data directory can be given to them by number:
# chown 10001:10001 /srv/paperbot-data
RUN groupadd --gid 10001 paperbot \
 && useradd --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin paperbot
WORKDIR /app
COPY --from=build /src/target/paperbot.jar /app/paperbot.jar
COPY config /app/config
# Class-data sharing archive from a training run in console mode: start-up to the first poll drops by ~25 %.
RUN echo /today | java -XX:ArchiveClassesAtExit=/app/paperbot.jsa -jar /app/paperbot.jar console > /dev/null \
 && mkdir -p /app/data && chown 10001:10001 /app/data
USER 10001:10001
ENV PAPERBOT_DATA_DIR=/app/data \
    PAPERBOT_CONFIG=/app/config/application.yaml \
    PAPERBOT_CATALOG=/app/config/papers.json \
    PAPERBOT_HTTP_PORT=8080
VOLUME ["/app/data"]
# 8080: /healthz and /metrics (PAPERBOT_HTTP_PORT). 8443: webhook mode's POSTs (PAPERBOT_WEBHOOK_PORT), plain HTTP
# behind the reverse proxy that holds the TLS certificate (see deploy/); unused in polling mode.
EXPOSE 8080 8443
# /healthz: 200 when polling works, the catalog is loaded and the database accepts writes; 503 with the reason
# otherwise, from the first second on (also while Telegram is unreachable). The JRE image has no curl: the probe
# is a class in the jar that uses only the JDK, run by a small client JVM.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx16m", "-XX:-UsePerfData", \
       "-cp", "/app/paperbot.jar", "org.paperbot.ops.HealthProbe"]
# Exec form: java is PID 1 and receives SIGTERM from `docker stop` directly.
# A small heap and the serial collector keep the resident size near 200 MB (the defaults reserve far more);
# the end-to-end benchmark runs the jar with exactly these flags.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/paperbot.jsa", "-XX:+UseSerialGC", "-Xms32m", "-Xmx256m", "-Xss512k", \
            "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/paperbot.jar"]
