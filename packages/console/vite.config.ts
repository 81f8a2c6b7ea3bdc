import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console is served under /admin/ (src/console/console.routes.ts). Hashed file names under
// assets/ are cached for a year; index.html is never cached. No inline scripts (strict CSP).
export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1024,
  },
  server: { proxy: { '/admin/api': 'http://localhost:8080', '/widget': 'http://localhost:8080' } },
});
