import { defineConfig } from 'vite';

// The gateway serves the built files from its classpath under /console (ADR 0041), so the build
// writes straight into the jar's resources and every URL in index.html starts with /console/.
export default defineConfig({
  base: '/console/',
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
