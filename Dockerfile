# syntax=docker/dockerfile:1
# Build: docker build -t zoombot .
# Run:   docker run --env-file zoombot.env -v zoombot-data:/data zoombot
# See docs/deploying.md.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# modernc.org/sqlite is pure Go, so the binary is static.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/zoombot ./cmd/zoombot
# The volume's mount point must exist and belong to the runtime user, or a
# fresh named volume comes up owned by root and the database can't be created.
RUN mkdir -p /out/data

# distroless/static has CA certificates and a nonroot user (65532), and nothing else.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/zoombot /usr/local/bin/zoombot
COPY --from=build --chown=65532:65532 /out/data /data
# One SQLite file per deployment, on a volume owned by the nonroot user.
ENV ZOOMBOT_DB=/data/zoombot.db
VOLUME ["/data"]
# The HTTP server (/healthz, /readyz, /metrics, Zoom webhooks, .ics) is on in
# the image so the health check has something to ask; set ZOOMBOT_HTTP_ADDR=
# (empty) to turn it off, and the check then always passes.
ENV ZOOMBOT_HTTP_ADDR=:8080
EXPOSE 8080
# No shell or curl in distroless: the binary asks its own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/usr/local/bin/zoombot", "healthcheck"]
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/zoombot"]
CMD ["run"]
