import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@shortly/source'] },
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: true },
  // Same origin in development too: the dev server proxies what the web nginx proxies.
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000', '/ready': 'http://localhost:3000' },
  },
});
