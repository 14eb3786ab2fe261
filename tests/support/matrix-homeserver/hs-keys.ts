// End-to-end encryption support of the test homeserver, per the client-server API (§ End-to-End
// Encryption, § Send-to-Device messaging): device keys, one-time and fallback keys, to-device
// messages delivered in `/sync` until acknowledged by a later `since`, and device-list changes.

/** One device's published keys. */
export interface HsDevice {
  deviceId: string;
  /** The signed `device_keys` object, null until uploaded. */
  keys: Record<string, unknown> | null;
  /** `algorithm:key_id` → key object. */
  oneTimeKeys: Map<string, unknown>;
  fallbackKeys: Map<string, unknown>;
  /** Algorithms whose fallback key was handed out since it was uploaded. */
  fallbackUsed: Set<string>;
}

/** A to-device message waiting for a device. */
interface Queued { pos: number; event: { type: string; sender: string; content: unknown } }

/** Keys, to-device queues and device-list positions of every user. */
export class HsKeys {
  /** userId → deviceId → device. */
  readonly devices = new Map<string, Map<string, HsDevice>>();
  /** userId → stream position of its last device change. */
  readonly changedAt = new Map<string, number>();
  private readonly queues = new Map<string, Queued[]>();
  private readonly toDeviceTxns = new Set<string>();

  private readonly next: () => number;

  /** `next` allocates the next stream position (and wakes waiting syncs). */
  constructor(next: () => number) {
    this.next = next;
  }

  /** The device, created empty when missing. */
  device(userId: string, deviceId: string): HsDevice {
    let byId = this.devices.get(userId);
    if (!byId) this.devices.set(userId, (byId = new Map()));
    let d = byId.get(deviceId);
    if (!d) {
      d = { deviceId, keys: null, oneTimeKeys: new Map(), fallbackKeys: new Map(), fallbackUsed: new Set() };
      byId.set(deviceId, d);
    }
    return d;
  }

  /** `POST /keys/upload`. */
  upload(userId: string, deviceId: string, body: Record<string, unknown>): { one_time_key_counts: Record<string, number> } {
    const d = this.device(userId, deviceId);
    const deviceKeys = body.device_keys as Record<string, unknown> | undefined;
    if (deviceKeys && JSON.stringify(deviceKeys) !== JSON.stringify(d.keys)) {
      d.keys = deviceKeys;
      this.changedAt.set(userId, this.next());
    }
    for (const [id, key] of Object.entries((body.one_time_keys as Record<string, unknown> | undefined) ?? {})) d.oneTimeKeys.set(id, key);
    const fallback = Object.entries((body.fallback_keys as Record<string, unknown> | undefined) ?? {});
    if (fallback.length) {
      d.fallbackKeys.clear();
      d.fallbackUsed.clear();
      for (const [id, key] of fallback) d.fallbackKeys.set(id, key);
    }
    return { one_time_key_counts: this.counts(d) };
  }

  /** One-time key counts per algorithm of a device. */
  counts(d: HsDevice): Record<string, number> {
    const out: Record<string, number> = {};
    for (const id of d.oneTimeKeys.keys()) {
      const alg = id.split(':')[0] as string;
      out[alg] = (out[alg] ?? 0) + 1;
    }
    return out;
  }

  /** Algorithms with an unused fallback key. */
  unusedFallbackTypes(d: HsDevice): string[] {
    const algs = new Set([...d.fallbackKeys.keys()].map((id) => id.split(':')[0] as string));
    return [...algs].filter((a) => !d.fallbackUsed.has(a));
  }

  /** `POST /keys/query`: the published device keys of the requested users (an empty list means all devices). */
  query(body: Record<string, unknown>): Record<string, unknown> {
    const wanted = (body.device_keys as Record<string, string[]> | undefined) ?? {};
    const deviceKeys: Record<string, Record<string, unknown>> = {};
    for (const [userId, ids] of Object.entries(wanted)) {
      const out: Record<string, unknown> = {};
      for (const d of this.devices.get(userId)?.values() ?? []) {
        if (d.keys && (!ids.length || ids.includes(d.deviceId))) out[d.deviceId] = d.keys;
      }
      deviceKeys[userId] = out;
    }
    return { device_keys: deviceKeys, failures: {}, master_keys: {}, self_signing_keys: {}, user_signing_keys: {} };
  }

  /** `POST /keys/claim`: one one-time key per device (consumed), else its fallback key. */
  claim(body: Record<string, unknown>): Record<string, unknown> {
    const wanted = (body.one_time_keys as Record<string, Record<string, string>> | undefined) ?? {};
    const result: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const [userId, perDevice] of Object.entries(wanted)) {
      for (const [deviceId, algorithm] of Object.entries(perDevice)) {
        const d = this.devices.get(userId)?.get(deviceId);
        if (!d) continue;
        const otk = [...d.oneTimeKeys.keys()].find((id) => id.startsWith(`${algorithm}:`));
        let claimed: [string, unknown] | null = null;
        if (otk) {
          claimed = [otk, d.oneTimeKeys.get(otk)];
          d.oneTimeKeys.delete(otk);
        } else {
          const fb = [...d.fallbackKeys.entries()].find(([id]) => id.startsWith(`${algorithm}:`));
          if (fb) {
            claimed = fb;
            d.fallbackUsed.add(algorithm);
          }
        }
        if (claimed) ((result[userId] ??= {})[deviceId] = { [claimed[0]]: claimed[1] });
      }
    }
    return { one_time_keys: result, failures: {} };
  }

  /** `PUT /sendToDevice/{type}/{txnId}`; `*` addresses every device of a user. Idempotent per sender device and txnId. */
  sendToDevice(sender: string, senderDevice: string, type: string, txnId: string, messages: Record<string, Record<string, unknown>>): void {
    const txn = `${sender}|${senderDevice}|${txnId}`;
    if (this.toDeviceTxns.has(txn)) return;
    this.toDeviceTxns.add(txn);
    for (const [userId, perDevice] of Object.entries(messages)) {
      for (const [deviceId, content] of Object.entries(perDevice)) {
        const targets = deviceId === '*' ? [...(this.devices.get(userId)?.keys() ?? [])] : [deviceId];
        for (const target of targets) {
          const key = `${userId}|${target}`;
          const queue = this.queues.get(key) ?? [];
          queue.push({ pos: this.next(), event: { type, sender, content } });
          this.queues.set(key, queue);
        }
      }
    }
  }

  /**
   * The to-device events of a `/sync`: a request with `since` acknowledges (deletes) everything up
   * to it, like Synapse; the rest is returned.
   */
  toDevice(userId: string, deviceId: string, since: number | null): Queued['event'][] {
    const key = `${userId}|${deviceId}`;
    const queue = (this.queues.get(key) ?? []).filter((q) => since === null || q.pos > since);
    this.queues.set(key, queue);
    return queue.slice(0, 100).map((q) => q.event);
  }

  /** True when a to-device event newer than `since` waits for the device. */
  hasToDevice(userId: string, deviceId: string, since: number | null): boolean {
    return (this.queues.get(`${userId}|${deviceId}`) ?? []).some((q) => since === null || q.pos > since);
  }
}
