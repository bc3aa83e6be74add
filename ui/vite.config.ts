import { defineConfig } from "vitest/config";

// Tauri loads the built files from its own protocol, so asset paths are relative.
export default defineConfig({
  base: "./",
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false },
  // The slide figures build whole pages in happy-dom: a second alone, past
  // vitest's 5 s default on a loaded 2-core machine. Time is not what they test.
  test: { include: ["src/**/*.test.ts"], environment: "node", testTimeout: 20_000 },
});
