// The console is a single-page app served by `vigil server` from dist/. Every page is its own
// chunk (React.lazy in app/routes.tsx); the manifest lets build.mjs measure the landing page.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, manifest: true, chunkSizeWarningLimit: 1024 },
  server: { proxy: { '/api': process.env.VIGIL_SERVER ?? 'http://127.0.0.1:8443' } },
});
