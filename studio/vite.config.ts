import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The studio: built to studio/dist, which the API serves on the same origin. */
export default defineConfig({
  root,
  // Absolute asset URLs: the server answers every unknown path (/runs/abc…) with index.html.
  base: '/',
  plugins: [solid()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  server: {
    // `npx vite studio` during development: the API on :8080 answers /api on the same origin.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
