/**
 * Substitutes card macros: {{char}} (nickname if set, else name), {{user}}, <BOT>, <USER>,
 * case-insensitive. Names are inserted literally (replacement functions, so `$&` in a name stays as typed).
 */
export function substituteMacros(text: string, charName: string, userName: string): string {
  return text
    .replace(/\{\{char\}\}/gi, () => charName)
    .replace(/\{\{user\}\}/gi, () => userName)
    .replace(/<bot>/gi, () => charName)
    .replace(/<user>/gi, () => userName);
}
