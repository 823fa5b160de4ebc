import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app (src/web) builds into dist/web, which `opsdesk start`/`serve` serves at `/`.
// `npm run dev` runs this dev server on 5173 in front of the API on OPSDESK_PORT (8080).
const api = `http://127.0.0.1:${process.env.OPSDESK_PORT ?? '8080'}`;

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': {
        target: api,
        changeOrigin: true,
        // The API refuses cross-site writes by Origin; through the proxy the page's origin is the API's.
        configure: (proxy) => proxy.on('proxyReq', (request) => request.setHeader('origin', api)),
      },
    },
  },
});
