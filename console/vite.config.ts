import { defineConfig } from 'vitest/config';

// Maven passes CONSOLE_OUT_DIR so the bundle lands in the jar under webroot/; the engine serves
// it from the classpath at /.
const outDir = process.env.CONSOLE_OUT_DIR ?? 'target/classes/webroot';
// `npm run dev` proxies the API to a locally running engine.
const engine = process.env.VORONKA_ENGINE ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // Absolute: client routes (/records/contact/7) load the same /assets/ files.
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // Libraries change less often than the console: their own files stay cached across releases.
      output: {
        manualChunks: {
          react: ['react', 'react-dom', 'react-router', '@tanstack/react-query', 'i18next', 'react-i18next'],
          antd: ['antd', '@ant-design/icons', 'dayjs'],
        },
      },
      // antd, react-router and TanStack mark modules "use client" for server rendering; a browser bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': engine } },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
