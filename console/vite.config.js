import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves the built files from its classpath under /console (ADR 0041), so the build
// writes straight into the jar's resources and every URL in index.html starts with /console/.
// React (with React Flow) is used by the builder page only, loaded as its own chunk (ADR 0046).
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'target/classes/META-INF/resources/console',
    emptyOutDir: true,
    // The polyfill would be injected as an inline script, which the console's CSP forbids.
    modulePreload: { polyfill: false },
    // Inlined assets would become data: URLs; keep every asset a file the CSP allows ('self').
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
