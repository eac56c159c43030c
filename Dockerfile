# The image of Sentinelle's own processes (bridge and inference worker): the repository with its
# npm dependencies; TypeScript runs through tsx as in development. See docker-compose.yml.
FROM node:20-bookworm-slim

WORKDIR /app
# Tesseract (French and English) finds text burned into pixels when the worker de-identifies a
# training export.
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-fra \
    tesseract-ocr-eng && rm -rf /var/lib/apt/lists/*
# onnxruntime-node's install script would download GPU binaries; its CPU binaries ship in the package.
ENV ONNXRUNTIME_NODE_INSTALL=skip

# Dependencies first, so that a code change does not reinstall them.
COPY package.json package-lock.json .npmrc ./
COPY config/package.json config/
COPY reporting/package.json reporting/
COPY inference-worker/package.json inference-worker/
COPY orthanc-bridge/package.json orthanc-bridge/
COPY ohif-extensions/package.json ohif-extensions/
COPY models/package.json models/
RUN npm ci --no-audit --no-fund

COPY . .
ENV NODE_ENV=production
# The keyring's directory, owned by node and private before the volume is mounted over it: Docker
# copies both into the empty named volume (docker-compose.yml, sentinelle-keys).
RUN mkdir -p /app/.data/keys && chown -R node:node /app/.data && chmod 700 /app/.data/keys
USER node
