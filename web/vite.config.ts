import { defineConfig } from 'vite';

declare const process: { env: Record<string, string | undefined> };

// `npm run dev` proxies the API to a tamga server (TAMGA_API, default http://127.0.0.1:8080);
// `npm run build` writes web/dist, which `tamga serve --web web/dist` serves at /.
export default defineConfig({
  base: '/',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
  },
  server: {
    proxy: {
      '/api': { target: process.env.TAMGA_API ?? 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
