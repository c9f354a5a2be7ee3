/**
 * Deterministic generator of realistic OKR plans, so benchmarks and stress
 * tests run on the same text every time. A generated plan mixes the dialects
 * real plans use: a team plan with a status table and `### N` details
 * sections, a company objective tree of nested ordered lists whose `KR:` lines
 * end in backslash hard breaks, and redacted numbers defined at the bottom.
 */

/** A small seeded pseudo-random source (mulberry32): the same seed gives the same plan. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** First names the generated plans use; `generateRoster` lists the same people. */
export const TEAMMATES = [
  'Brielle', 'Nonso', 'Tamar', 'Virginia', 'Warren', 'Giselle', 'Adeola', 'Beatrix', 'Michael', 'Alex',
  'Carl', 'Amber', 'Jason', 'Kelvin', 'Mariam', 'Stompy', 'Gabe', 'Don', 'Ben', 'Tomas',
] as const;

const SURNAMES = ['Okafor', 'Levi', 'Hart', 'Moreau', 'Lund', 'Rossi', 'Adeyemi', 'Novak', 'Silva', 'Kim'];
const GROUPS = ['CS leadership', 'All CSEs', 'Application engineers', 'n/a -- all CS'];
const STATUS_WORDS = ['In-progress', 'In-progress', 'Not started', 'Done', '✅', '🚫', ''];
const OWNERS = ['CEO', 'Marketing', 'Sales', 'Product', 'Customer Engineering', 'People Ops', 'Engineering (Distribution)', 'Core services'];
const VERBS = ['Launch', 'Reduce', 'Increase', 'Document', 'Automate', 'Migrate', 'Streamline', 'Retire', 'Hire', 'Ship', 'Measure', 'Publish'];
const THINGS = [
  'case reviews', 'onboarding guides', 'the release pipeline', 'support tooling', 'code insights dashboards',
  'the trial flow', 'enablement courses', 'on-call rotations', 'pipeline coverage', 'customer retros',
  'the debugging cheat sheet', 'search latency', 'upgrade docs', 'hiring loops', 'expansion IARR',
];
const QUALIFIERS = [
  'by the end of the quarter', 'for every new customer', 'across all teams', 'without extra headcount',
  'before the next release', 'as outlined in [RFC 136](https://example.com/rfc/136)', 'with weekly check-ins',
];

/** What to generate: stop after `lines` lines or `bytes` bytes, whichever is given. */
export interface PlanSize {
  lines?: number;
  bytes?: number;
}

/** Generates one plan of roughly the requested size (never much more), the same for the same seed. */
export function generatePlan(size: PlanSize, seed = 1): string {
  const random = new SeededRandom(seed);
  const out: string[] = [];
  let bytes = 0;
  const push = (...lines: string[]): void => {
    for (const line of lines) {
      out.push(line);
      bytes += Buffer.byteLength(line) + 1;
    }
  };
  const references = { next: 0 };
  // The definitions still to be written at the bottom count towards the size.
  const definitionBytes = (): number => references.next * 80;
  const full = (): boolean =>
    (size.lines !== undefined && out.length + references.next >= size.lines) ||
    (size.bytes !== undefined && bytes + definitionBytes() >= size.bytes);

  push(...planHeader(random));
  let nextTask = 1;
  let sectionNumber = 0;
  while (!full()) {
    sectionNumber++;
    if (sectionNumber % 3 === 0) push(...objectiveTreeSection(random, sectionNumber, references));
    else {
      const section = teamSection(random, sectionNumber, nextTask);
      nextTask += section.taskCount;
      push(...section.lines);
    }
  }
  push(...definitions(references.next));
  return out.join('\n') + '\n';
}

/** A `data/team.yml` roster naming everyone the generated plans mention. */
export function generateRoster(): string {
  return TEAMMATES.map((first, index) => {
    const last = SURNAMES[index % SURNAMES.length];
    const slug = `${first}_${last}`.toLowerCase();
    return [
      `${slug}:`,
      `  name: ${first} ${last}`,
      `  role: ${index % 4 === 0 ? 'Support Manager' : 'Customer Support Engineer'}`,
      `  github: ${slug.replace('_', '')}`,
      `  email: ${slug}@example.com`,
    ].join('\n');
  }).join('\n') + '\n';
}

function planHeader(random: SeededRandom): string[] {
  const quarter = random.int(1, 4);
  return [
    `# FY${random.int(20, 25)}Q${quarter} OKR Plan`,
    '',
    'Our objective this quarter is to:',
    '',
    `**${sentence(random)} while maintaining healthy work habits.**`,
    '',
    'We will measure this via the following key results:',
    '',
    ...Array.from({ length: random.int(2, 4) }, () => `- ${keyResultText(random)}`),
    '',
    'We will track our progress weekly in [our tracker](https://docs.example.com/spreadsheets/d/tracker).',
    '',
  ];
}

function teamSection(random: SeededRandom, sectionNumber: number, firstTask: number): { lines: string[]; taskCount: number } {
  const taskCount = random.int(3, 8);
  const titles = Array.from({ length: taskCount }, () => title(random));
  const lines = [
    `## Workstream ${sectionNumber}: ${capitalise(random.pick(THINGS))}`,
    '',
    'To accomplish our OKR, we will…',
    '',
    '| #   | Status      | Responsible           | Project        |',
    '| --- | ----------- | --------------------- | -------------- |',
  ];
  titles.forEach((taskTitle, index) => {
    const responsible = random.chance(0.3) ? random.pick(GROUPS) : random.pick(TEAMMATES);
    const id = String(firstTask + index);
    lines.push(`| ${id.padEnd(3)} | ${random.pick(STATUS_WORDS).padEnd(11)} | ${responsible.padEnd(21)} | ${taskTitle} |`);
  });
  lines.push('');
  titles.forEach((taskTitle, index) => {
    lines.push(`### ${firstTask + index} ${taskTitle}`, '');
    lines.push(`- Workgroup: ${people(random).join(', ')}`);
    if (random.chance(0.7)) lines.push(`- Facilitator: ${random.pick(TEAMMATES)}`);
    if (random.chance(0.5)) lines.push(`- Channel: #wg-${random.pick(THINGS).replace(/\W+/g, '-')}`);
    lines.push(`- Details: ${sentence(random)} ${random.pick(QUALIFIERS)}:`);
    const steps = random.int(0, 3);
    for (let step = 1; step <= steps; step++) lines.push(`  ${step}.  ${sentence(random)}`);
    if (random.chance(0.3)) lines.push('', `  A note on scope: ${sentence(random)} ... ${sentence(random)}.`);
    lines.push('');
  });
  return { lines, taskCount };
}

function objectiveTreeSection(random: SeededRandom, sectionNumber: number, references: { next: number }): string[] {
  const lines = [`## ${random.pick(OWNERS)} objectives (${sectionNumber})`, ''];
  const objectiveCount = random.int(2, 3);
  for (let objective = 0; objective < objectiveCount; objective++) {
    lines.push(...objectiveItem(random, 0, references));
    const children = random.int(1, 3);
    for (let child = 0; child < children; child++) {
      lines.push(...objectiveItem(random, 1, references));
      if (random.chance(0.4)) lines.push(...objectiveItem(random, 2, references));
    }
  }
  lines.push('');
  return lines;
}

/** One `1. **Owner: Objective.** \` item with `KR:` lines joined by hard breaks, at a nesting depth. */
function objectiveItem(random: SeededRandom, depth: number, references: { next: number }): string[] {
  const indent = '   '.repeat(depth);
  const keyResults = Array.from({ length: random.int(1, 4) }, () => {
    let text = `KR: ${keyResultText(random)}`;
    if (random.chance(0.3)) {
      const n = references.next++;
      text = `KR: Reach [_${random.chance(0.5) ? '$' : ''}N<sub>${n}</sub>_][n${n}] in ${random.pick(THINGS)}.`;
    }
    if (random.chance(0.3)) text += ` => ${random.pick(['Reached.', 'In progress.', `Hired +${random.int(1, 3)} so far.`, 'At 58%.'])}`;
    return text;
  });
  return [
    `${indent}1. **${random.pick(OWNERS)}: ${sentence(random)}.** \\`,
    ...keyResults.map((kr, index) => `${indent}   ${kr}${index < keyResults.length - 1 ? ' \\' : ''}`),
  ];
}

function definitions(count: number): string[] {
  if (count === 0) return [];
  const lines = [''];
  for (let n = 0; n < count; n++) lines.push(`[n${n}]: https://docs.example.com/document/d/confidential/edit#bookmark=id.${n.toString(36)}`);
  return lines;
}

function keyResultText(random: SeededRandom): string {
  const target = random.chance(0.1) ? 'X%' : `${random.int(5, 95)}%`;
  return `${random.pick(VERBS)} ${random.pick(THINGS)} by ${target} ${random.pick(QUALIFIERS)}.`;
}

function sentence(random: SeededRandom): string {
  const qualifier = random.chance(0.5) ? ` ${random.pick(QUALIFIERS)}` : '';
  return `${random.pick(VERBS)} ${random.pick(THINGS)}${qualifier}`;
}

function title(random: SeededRandom): string {
  return `${random.pick(VERBS)} ${random.pick(THINGS)}`;
}

function people(random: SeededRandom): string[] {
  const count = random.int(1, 4);
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(random.pick(TEAMMATES));
  return [...chosen];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
