import { useCallback, useState } from 'react';

const KEY = 'persona-mcp.speaker-name';

function readName(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

/**
 * The name the operator talks under in the chat playground, remembered in this browser (localStorage),
 * so every persona's playground starts with it; empty until the operator has said who they are.
 */
export function useSpeakerName(): [string, (name: string) => void] {
  const [name, setName] = useState(readName);
  const remember = useCallback((next: string) => {
    const clean = next.trim();
    try {
      localStorage.setItem(KEY, clean);
    } catch {
      // storage refused (private mode): the name still holds for this page
    }
    setName(clean);
  }, []);
  return [name, remember];
}

/** The chat participant of a playground speaker: a stable id from the name, and the name as said. */
export function speakerParticipant(name: string): { id: string; display_name: string } {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return { id: `dashboard-${slug || 'operator'}`, display_name: name };
}
