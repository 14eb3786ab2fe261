import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // A temp folder per run; a test that leaves a folder behind fails the run (tests/support/temp-root.ts).
    globalSetup: ['tests/support/temp-root.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests assert on behaviour, not log lines; set PERSONA_MCP_LOG_LEVEL=debug to see them.
    env: { PERSONA_MCP_LOG_LEVEL: process.env.PERSONA_MCP_LOG_LEVEL ?? 'silent' },
  },
});
