# Hearth in a container: a multi-stage build, a non-root user, the database and hearth.key on a
# /data volume, a health check on /healthz. See the README, "Running it with Docker".
#
#   docker build -t hearth .
#   docker run -it --rm -v hearth-data:/data hearth      # first start: asks for the token once
#   docker run -d --name hearth --restart unless-stopped -v hearth-data:/data hearth

FROM node:22-bookworm-slim AS build
WORKDIR /app
# Only used when better-sqlite3's prebuilt binary cannot be downloaded and it compiles from source.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY . .
# npm ci also builds dist/ (the prepare script); then the build tools go.
RUN npm ci && npm prune --omit=dev && npm cache clean --force

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    DATABASE_PATH=/data/hearth.sqlite \
    HTTP_PORT=9464 \
    HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The image's own non-root user (uid 1000) owns the data volume; the code stays root's, read-only.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# The working directory is the volume, so the first start's .env is kept with the database.
WORKDIR /data
# Health and metrics (GET /healthz, /metrics), without a password: reachable from the container's
# network, and from outside only if you publish the port. Publish it on the loopback
# (-p 127.0.0.1:9464:9464), never bare (-p 9464:9464 listens on every address of the host).
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HTTP_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node runs as PID 1, no npm or shell around it: docker stop's SIGTERM reaches Hearth's own handler,
# which stops it within 5 s.
CMD ["node", "/app/dist/index.js"]
