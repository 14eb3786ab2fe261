// The secret store's master key sealed by the OS keychain (safeStorage) in the desktop app; see
// src/main/desktop/protected-key.ts for the file rules. Call after app 'ready' (Linux keyrings).
import { safeStorage } from 'electron';
import { loadProtectedKey, type KeyCipher, type ProtectedKey } from '../desktop/index.ts';

/** Environment variable through which children receive the key (base64), read by src/core/secrets. */
export const SECRET_KEY_ENV = 'PERSONA_MCP_SECRET_KEY';

/** safeStorage as a KeyCipher; Linux's `basic_text` backend (a fixed password) counts as unavailable. */
export function safeStorageCipher(): KeyCipher {
  return {
    available: () =>
      safeStorage.isEncryptionAvailable() &&
      (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}

/** Loads or creates the sealed key; `env` is what children need (empty without OS encryption). */
export function loadDesktopSecretKey(dataDir: string): ProtectedKey & { env: Record<string, string> } {
  const result = loadProtectedKey(dataDir, safeStorageCipher());
  return { ...result, env: result.key ? { [SECRET_KEY_ENV]: result.key.toString('base64') } : {} };
}
