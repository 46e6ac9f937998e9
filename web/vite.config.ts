// Builds the browser app into web/dist, which the server serves from the same origin as the API.
// RAPPORTEUR_WEB_DIST builds elsewhere (the server reads the same variable).
// In development (`npm run dev:web`) the API and health check are proxied to a running server.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiServer = 'http://localhost:8080';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: process.env.RAPPORTEUR_WEB_DIST ?? fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // The USWDS stylesheet and fonts are large but cached; do not warn about them on every build.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      '/api': apiServer,
      '/healthz': apiServer,
    },
  },
});
