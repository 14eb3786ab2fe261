// The seeded world of the "mind" benchmark (docs/benchmarks.md, "Mind"): personas, participants, the facts
// they state in F-pattern sentences over ten sessions in six months (some later superseded), filler talk,
// and questions that paraphrase each fact with other word forms. Pure: the same seed gives the same world.
import { seededRandom } from '../tests/support/seeded-random.ts';

/** One participant of the world. */
export interface MindParticipant {
  index: number;
  id: string;
  name: string;
  platform: 'api' | 'discord';
  /** Index of the persona it talks to. */
  persona: number;
  /** True: speaks in its persona's shared group channel; false: in private. */
  group: boolean;
}

/** One fact a participant states (and maybe later replaces). */
export interface MindFact {
  id: string;
  participant: number;
  kind: string;
  /** The words that identify the fact in a reply (a town, a job, a name, a number). */
  value: string;
  /** The sentence the participant says. */
  sentence: string;
  /** Paraphrasing questions (other word forms; never the sentence, never the value). */
  questions: string[];
  /** The fact that replaced this one (a move, a new job), when superseded. */
  supersededBy?: string;
  /** True for a replacing statement. */
  replaces?: string;
}

/** One message of the timeline. */
export interface MindMessage {
  at: number;
  participant: number;
  text: string;
  factId?: string;
}

/** The whole generated world. */
export interface MindWorld {
  personas: string[];
  participants: MindParticipant[];
  facts: MindFact[];
  messages: MindMessage[];
  /** Fact questions for the retrieval metric: question text and the id of the (current) fact asked about. */
  questions: { text: string; factId: string; participant: number }[];
  end: number;
}

const NAMES = ['Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Gwen', 'Hugo', 'Ivy', 'Jonas', 'Kate', 'Liam', 'Mona', 'Nils', 'Olga', 'Piet', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Ulla'];
const TOWN_A = ['Oak', 'Ash', 'Elm', 'Birch', 'Stone', 'Mill', 'Salt', 'Fern', 'Wolf', 'Crow', 'Hazel', 'Frost', 'Red', 'Iron', 'Moss', 'Thorn'];
const TOWN_B = ['vale', 'ford', 'wick', 'haven', 'brook', 'mere', 'stead', 'crest', 'holm', 'gate'];
const JOBS = ['cooper', 'tanner', 'weaver', 'chandler', 'glazier', 'cartwright', 'thatcher', 'potter', 'saddler', 'fletcher', 'mason', 'ropemaker', 'scribe', 'shepherd', 'vintner', 'locksmith', 'bookbinder', 'farrier', 'miller', 'brewer'];
const FAVOURITES: Record<string, string[]> = {
  colour: ['indigo', 'saffron', 'teal', 'crimson', 'ochre', 'violet'],
  dish: ['barley stew', 'plum tart', 'smoked trout', 'onion pie', 'pepper soup', 'honey cake'],
  season: ['late autumn', 'early spring', 'midwinter', 'high summer'],
};
const HOBBIES = ['carving chess pieces', 'sailing small boats', 'painting lighthouses', 'collecting beetles', 'juggling torches', 'knitting scarves', 'climbing cliffs', 'brewing cider'];
const DISLIKES = ['muddy boots', 'loud gulls', 'cold porridge', 'wet socks', 'crowded ferries', 'sour milk', 'creaky stairs', 'burnt toast'];
const JOB_KIND = ['village', 'river', 'night', 'master'];
const PETS = ['Rex', 'Pip', 'Bramble', 'Nutmeg', 'Biscuit', 'Juniper', 'Pepper', 'Sorrel', 'Tansy', 'Clover', 'Barnaby', 'Cobble', 'Dumpling', 'Fennel', 'Gizmo',
  'Hamish', 'Inky', 'Jasper', 'Kipper', 'Lupin', 'Marmalade', 'Noodle', 'Oswin', 'Pickle', 'Quill', 'Rusty', 'Saffi', 'Toffee', 'Waffles', 'Ziggy'];
const GUILDS = ['Lamplighters', 'Cartographers', 'Bellringers', 'Ferrymen', 'Beekeepers', 'Stonecutters', 'Herbalists', 'Astronomers'];
const PLACES = ['the Glass Isles', 'Port Amber', 'the Salt Flats', 'Kingsbridge', 'the Copper Hills', 'Duskmoor', 'Lake Orrin', 'the Pale Coast'];

// Filler talk: names the speaker, carries importance keywords (love, family, amazing, !), never a fact word.
const F_NOUN = ['soup', 'weather', 'bells', 'lanterns', 'market', 'harbour', 'festival', 'bread', 'kettle', 'garden', 'roof', 'fence', 'lamps', 'ferry', 'bridge', 'square', 'tea', 'apples', 'candles', 'clouds'];
const F_VERB = ['cooked', 'watched', 'cleaned', 'fixed', 'carried', 'counted', 'washed', 'visited', 'painted', 'mended', 'swept', 'tasted'];
const F_ADJ = ['amazing', 'lovely', 'strange', 'quiet', 'busy', 'bright', 'gloomy', 'wonderful'];
const FILLERS = [
  (n: string, r: Pick) => `${n} here! The ${r(F_NOUN)} at the ${r(F_NOUN)} was ${r(F_ADJ)} today!`,
  (n: string, r: Pick) => `We love our family so much, we ${r(F_VERB)} the ${r(F_NOUN)} together. ${n} is happy!`,
  (n: string, r: Pick) => `Honestly the ${r(F_NOUN)} was so ${r(F_ADJ)}, my family ${r(F_VERB)} it twice.`,
  (n: string, r: Pick) => `${n} again. We ${r(F_VERB)} the ${r(F_NOUN)} and the ${r(F_NOUN)} this morning, amazing!`,
  (n: string, r: Pick) => `Did you see the ${r(F_NOUN)}? ${n} thinks it was ${r(F_ADJ)}.`,
  (n: string, r: Pick) => `My family and I ${r(F_VERB)} the ${r(F_NOUN)}; everyone loved how ${r(F_ADJ)} it looked!`,
];
type Pick = <T>(xs: readonly T[]) => T;

/** Fact kinds: the sentence, its identifying value and paraphrasing questions about `n`. */
function factKinds(r: Pick, town: () => string, job: () => string, pet: () => string) {
  return {
    from: () => { const v = town(); return { value: v, sentence: `I come from ${v}.`, questions: (n: string) => [`Where did ${n} come from?`, `Which place is ${n} coming from?`] }; },
    lives: () => { const v = town(); return { value: v, sentence: `I live in ${v}.`, questions: (n: string) => [`Where is ${n} living these days?`, `Which town does ${n} live in?`] }; },
    works: () => { const v = job(); return { value: v, sentence: `I work as a ${v}.`, questions: (n: string) => [`What is ${n} working as?`, `What trade has ${n} worked in?`] }; },
    favourite: () => {
      const thing = r(Object.keys(FAVOURITES));
      const v = r(FAVOURITES[thing] as string[]);
      return { value: v, sentence: `My favourite ${thing} is ${v}.`, questions: (n: string) => [`What are ${n}'s favourite ${thing}s?`, `Which ${thing} does ${n} rate highest?`] };
    },
    enjoys: () => { const v = r(HOBBIES); return { value: v, sentence: `I enjoy ${v}.`, questions: (n: string) => [`What is ${n} enjoying lately?`, `What has ${n} enjoyed doing?`] }; },
    hates: () => { const v = r(DISLIKES); return { value: v, sentence: `I hate ${v}.`, questions: (n: string) => [`What things are hated by ${n}?`, `What is ${n} hating the most?`] }; },
    age: () => { const v = String(19 + Math.floor(r([...Array(50).keys()]))); return { value: `${v} years`, sentence: `I am ${v} years old.`, questions: (n: string) => [`How old is ${n} in years?`, `How many years has ${n} been around, how old?`] }; },
    dog: () => { const v = pet(); return { value: v, sentence: `I have a dog named ${v}.`, questions: (n: string) => [`What are ${n}'s dogs named?`, `What name did ${n} give the dog?`] }; },
    guild: () => { const v = r(GUILDS); return { value: v, sentence: `I am a member of the ${v} guild.`, questions: (n: string) => [`Which guilds is ${n} a member of?`, `Which guild counts ${n} among its members?`] }; },
    plans: () => { const v = r(PLACES); return { value: v, sentence: `I will travel to ${v} next spring.`, questions: (n: string) => [`Where are ${n}'s travels headed?`, `Where is ${n} travelling?`] }; },
  };
}

/**
 * Builds the world: 3 personas, 20 participants on 2 platforms (half private, half in a group channel),
 * 5–8 facts each over 10 sessions spread across six months, ~20 % of them superseded (a move, a new
 * job), `fillers` filler messages per participant, and 200 fact questions.
 */
export function generateMindWorld(seed = 12, fillers = 300, start = Date.parse('2026-03-02T09:00:00.000Z')): MindWorld {
  const rand = seededRandom(seed);
  const r: Pick = (xs) => xs[Math.floor(rand() * xs.length)] as (typeof xs)[number];
  const used = new Set<string>();
  const unique = (make: () => string) => { for (;;) { const v = make(); if (!used.has(v)) { used.add(v); return v; } } };
  const town = () => unique(() => `${r(TOWN_A)}${r(TOWN_B)}`);
  const job = () => unique(() => `${r(JOB_KIND)} ${r(JOBS)}`);
  const kinds = factKinds(r, town, job, () => unique(() => r(PETS)));
  const kindNames = Object.keys(kinds) as (keyof typeof kinds)[];
  const personas = ['Mira', 'Tobin', 'Selka'];
  const participants: MindParticipant[] = NAMES.map((name, index) => ({
    index, id: name.toLowerCase(), name, platform: index % 2 === 0 ? 'api' : 'discord', persona: index % 3, group: index % 4 < 2,
  }));
  const facts: MindFact[] = [];
  const messages: MindMessage[] = [];
  const day = 86_400_000;
  for (const p of participants) {
    // Always where they live and their work (what gets superseded), then 3–6 other kinds.
    const others = kindNames.filter((k) => k !== 'lives' && k !== 'works').sort(() => rand() - 0.5).slice(0, 3 + Math.floor(rand() * 4));
    const mine = (['lives', 'works', ...others] as (keyof typeof kinds)[]).map((kind) => {
      const f = kinds[kind]();
      const fact: MindFact = { id: `${p.id}:${kind}`, participant: p.index, kind, value: f.value, sentence: f.sentence, questions: f.questions(p.name) };
      facts.push(fact);
      return fact;
    });
    // Sessions every ~18 days from a per-participant offset; ~31 messages each, 40 s apart.
    const sessions = [...Array(10).keys()].map((s) => start + (s * 18 + (p.index % 5)) * day + p.index * 7 * 60_000);
    const slots: { session: number; text: string; factId?: string }[] = [];
    for (let i = 0; i < fillers; i += 1) slots.push({ session: i % 10, text: (r(FILLERS))(p.name, r) });
    for (const f of mine) slots.push({ session: Math.floor(rand() * 7), text: f.sentence, factId: f.id });
    for (const f of mine.filter((x) => x.kind === 'lives' || x.kind === 'works')) {
      if (rand() >= 0.6) continue; // ~20 % of all facts end up superseded
      const nv = f.kind === 'lives' ? town() : job();
      const next: MindFact = {
        id: `${f.id}:2`, participant: p.index, kind: f.kind, value: nv, replaces: f.id,
        sentence: f.kind === 'lives' ? `Actually I live in ${nv} now.` : `I work as a ${nv} now.`, questions: f.questions,
      };
      f.supersededBy = next.id;
      facts.push(next);
      slots.push({ session: 7 + Math.floor(rand() * 3), text: next.sentence, factId: next.id });
    }
    const bySession = [...Array(10).keys()].map((s) => slots.filter((x) => x.session === s).sort(() => rand() - 0.5));
    for (const [s, list] of bySession.entries()) {
      for (const [i, m] of list.entries()) {
        messages.push({ at: (sessions[s] as number) + i * 40_000, participant: p.index, text: m.text, ...(m.factId ? { factId: m.factId } : {}) });
      }
    }
  }
  messages.sort((a, b) => a.at - b.at || a.participant - b.participant);
  const current = facts.filter((f) => !f.supersededBy);
  const pool = current.flatMap((f) => f.questions.map((text) => ({ text, factId: f.id, participant: f.participant }))).sort(() => rand() - 0.5);
  const questions = [...Array(200).keys()].map((i) => pool[i % pool.length] as MindWorld['questions'][number]);
  return { personas, participants, facts, messages, questions, end: (messages.at(-1)?.at ?? start) + day };
}
