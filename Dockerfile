# Multi-stage: build the apps and the operational scripts with the dev toolchain, then ship only
# production dependencies and dist/. Node 26 is the Active LTS line (December 2026); CI and local
# development also run on Node 20.19+ (see docs/development.md).
FROM node:26-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsconfig.scripts.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

FROM node:26-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# The API by default. docker-compose.yml runs the worker, the migrations (dist/scripts/migrate.js) and
# the demo seed (dist/scripts/seed-demo.js) from the same image with other commands.
CMD ["node", "dist/apps/api/main.js"]
