// Caches Node 22's TypeScript type stripping on disk, so a service process that starts again
// (a restart, the next `npm run server`) reads each file's stripped JavaScript instead of
// stripping it anew. Loaded with `--import` before any TypeScript; keyed by the file's content
// and the Node version, so an edited file is stripped again. Node 23.8+ and Electron cache
// stripped TypeScript themselves: there, and when anything fails, this does nothing.
import { getCompileCacheDir, registerHooks, stripTypeScriptTypes } from 'node:module';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
const nativeCache = major > 23 || (major === 23 && minor >= 8);

if (!nativeCache && typeof registerHooks === 'function' && typeof stripTypeScriptTypes === 'function') {
  const base = getCompileCacheDir?.() || process.env.NODE_COMPILE_CACHE || join(tmpdir(), 'node-compile-cache');
  const dir = join(base, `ts-strip-${process.version}`);
  let writable = true;
  // Node warns that stripTypeScriptTypes is experimental; that is Node's concern, not the operator's.
  const strip = (code) => {
    const emit = process.emitWarning;
    process.emitWarning = (warning, ...rest) => {
      const text = typeof warning === 'string' ? warning : warning?.message ?? '';
      if (!text.includes('stripTypeScriptTypes')) emit.call(process, warning, ...rest);
    };
    try {
      return stripTypeScriptTypes(code, { mode: 'strip' });
    } finally {
      process.emitWarning = emit;
    }
  };
  registerHooks({
    load(url, context, nextLoad) {
      if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/')) return nextLoad(url, context);
      const source = readFileSync(fileURLToPath(url));
      const file = join(dir, `${createHash('sha1').update(source).digest('hex')}.js`);
      let code;
      try {
        code = readFileSync(file, 'utf8');
      } catch {
        code = strip(source.toString('utf8'));
        if (writable) {
          try {
            mkdirSync(dir, { recursive: true });
            const tmp = `${file}.${process.pid}.tmp`;
            writeFileSync(tmp, code);
            renameSync(tmp, file);
          } catch {
            writable = false;
          }
        }
      }
      return { format: 'module', source: code, shortCircuit: true };
    },
  });
}
