/**
 * `pnpm build`: the production build.
 *
 * 1. The dashboard (`vite build` → packages/dashboard/dist).
 * 2. The `orderflow` command as ES modules, packages/cli/dist/main.js and its chunks (esbuild,
 *    code splitting: each command's code loads when it runs): every
 *    workspace package (`@orderflow/*`, TypeScript) is compiled into it; third-party packages
 *    stay imports, resolved from packages/cli/node_modules — so each must be a dependency of
 *    @orderflow/cli (checked here: the build fails naming any that is not).
 * 3. The dashboard copied next to it (packages/cli/dist/dashboard), where the bundled
 *    dashboard plugin looks first.
 * 4. The Kafka payment-provider simulator as packages/cli/dist/payment-provider.js, built the
 *    same way, for stacks that run payments through Kafka without a real provider (the compose
 *    file's `payment-provider` service: `node dist/payment-provider.js --brokers kafka:29092`).
 *
 * Production then runs `node packages/cli/dist/main.js serve` (the package's `bin`, orderflow):
 * no tsx, no TypeScript at run time.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const cli = resolve(root, 'packages/cli');
const outDir = resolve(cli, 'dist');

/** The package name of a bare import: `pino`, `@fastify/static`, `mercurius/lib/x` → `mercurius`. */
const packageOf = (path: string) =>
  path
    .split('/')
    .slice(0, path.startsWith('@') ? 2 : 1)
    .join('/');

const externals = new Set<string>();
/** Third-party imports stay imports; workspace packages and relative files are bundled. */
const thirdPartyExternal: Plugin = {
  name: 'third-party-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || builtinModules.includes(args.path)) return { external: true };
      if (args.path.startsWith('@orderflow/')) return undefined;
      externals.add(packageOf(args.path));
      return { external: true };
    });
  },
};

execFileSync('pnpm', ['--filter', '@orderflow/dashboard', 'build'], { cwd: root, stdio: 'inherit' });
rmSync(outDir, { recursive: true, force: true });
await build({
  entryPoints: {
    main: resolve(cli, 'src/main.ts'),
    'payment-provider': resolve(root, 'packages/payment-simulator/src/kafka-provider.ts'),
  },
  outdir: outDir,
  // Each command's lazily imported module is its own chunk (dist/chunk-*.js) that imports its
  // third-party packages only when loaded: one file would import them all at start, before
  // `serve` starts tracing — and the OpenTelemetry instrumentations patch a package only when
  // it is loaded after them.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [thirdPartyExternal],
  logLevel: 'warning',
});
cpSync(resolve(root, 'packages/dashboard/dist'), resolve(outDir, 'dashboard'), { recursive: true });

const declared = JSON.parse(readFileSync(resolve(cli, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const missing = [...externals].filter((name) => !declared.dependencies?.[name]).sort();
if (missing.length > 0) {
  process.stderr.write(
    `build: packages/cli/dist/main.js imports packages that @orderflow/cli does not depend on: ${missing.join(', ')}\n`,
  );
  process.exit(1);
}
process.stdout.write(`build: packages/cli/dist/main.js (imports ${[...externals].sort().join(', ')})\n`);
