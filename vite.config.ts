// Vite build of the React dashboard (src/renderer → dist/renderer). The PersonaAPI serves the
// built files at `/`; in dev, the API routes are proxied to a PersonaAPI on 127.0.0.1:8080.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const API = 'http://127.0.0.1:8080';
const root = fileURLToPath(new URL('./src/renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: { outDir, emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      '/api': { target: API, changeOrigin: false },
      '/v1': { target: API, changeOrigin: false },
      '/openapi.json': { target: API, changeOrigin: false },
      '/docs': { target: API, changeOrigin: false },
    },
  },
});
