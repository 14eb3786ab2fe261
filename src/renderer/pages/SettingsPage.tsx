import { LlmSettings } from '../components/settings/LlmSettings.tsx';
import { MemoryJobs } from '../components/settings/MemoryJobs.tsx';
import { NetworkSettings } from '../components/settings/NetworkSettings.tsx';

/** Settings: LLM provider and model, network exposure with the token and MCP snippet, memory jobs. */
export function SettingsPage() {
  return (
    <section>
      <div className="page-head"><h1>Settings</h1></div>
      <div className="grid-2">
        <div><LlmSettings /><MemoryJobs /></div>
        <div><NetworkSettings /></div>
      </div>
    </section>
  );
}
