// Makes the end-to-end workspace a git repository whose plans have
// check-ins at fixed dates: a platform plan checked in over a quarter by two
// people, and the hostile plan last checked in by an author whose name is a
// payload. The hostile plan's last version is the one the other tests expect.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ANA = ['Ana Souza', 'ana@example.com'];
export const BO = ['Bo Lind', 'bo@example.com'];
/** git drops < and > from names, so the payloads use what it keeps. */
export const HOSTILE_AUTHOR = ['Eve &lt;img src=x onerror=alert(1)&gt; ${document.body.dataset.pwned=\'author\'} "\'', 'eve@example.com'];
export const PLATFORM_PLAN = 'handbook/platform/2026-Q4-OKR-Plan.md';

const TASKS = ['Golden path templates', 'Self-service databases', 'Deploy dashboard', 'Cost reports', 'On-call handbook', 'Chaos drills'];

/** The platform plan with each task's status and each key result's progress note. */
function platformPlan(statuses, [deploys, lead, adoption, cost, pages, drills]) {
  return `# 2026-Q4 OKR Plan: Platform

OBJECTIVE: Ship faster with less toil.

- KR: 20 deploys a day across services => ${deploys}
- KR: Lead time under one day => ${lead}

OBJECTIVE: Make the platform the easy path.

- KR: 80% of services on the golden path => ${adoption}
- KR: Cloud cost per service down 15% => ${cost}

OBJECTIVE: Sleep through the night.

- KR: Fewer than 5 pages a week => ${pages}
- KR: Two chaos drills run => ${drills}

| # | Status | Responsible | Project |
| - | ------ | ----------- | ------- |
${TASKS.map((task, index) => `| ${index + 1} | ${statuses[index]} | Alex | ${task} |`).join('\n')}
`;
}

/** Turns `workspace` into a repository with the plans' check-ins. */
export function makeHistory(workspace) {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_COMMITTER_NAME: 'OKR e2e', GIT_COMMITTER_EMAIL: 'e2e@example.com' };
  const git = (...args) => execFileSync('git', args, { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Only the two plans with a history are tracked: the other tests edit, revert and save the rest as plain files.
  const commit = (message, date, [name, email]) => {
    git('add', '--', PLATFORM_PLAN, 'xss-OKR-Plan.md');
    git('-c', `user.name=${name}`, '-c', `user.email=${email}`, 'commit', '-q', '--author', `${name} <${email}>`, '--date', date, '-m', message);
  };
  const write = (path, text) => writeFileSync(join(workspace, path), text);
  const N = 'Not started';
  const P = 'In-progress';
  const D = 'Done';
  git('init', '-q', '-b', 'main');
  mkdirSync(join(workspace, 'handbook/platform'), { recursive: true });

  const xss = readFileSync(join(workspace, 'xss-OKR-Plan.md'), 'utf8');
  write('xss-OKR-Plan.md', xss.replace(/^(- KR: Render .*)$/m, '$1 => 10%').replace(/^(\| 2 +\| )In-progress/m, '$1Not started'));
  write(PLATFORM_PLAN, platformPlan([N, N, N, N, N, N], ['0%', '0%', '10%', '0%', '0%', '0%']));
  const dates = (day) => { env.GIT_COMMITTER_DATE = day; return day; };
  commit('Start the quarter', dates('2026-10-01T09:00:00Z'), ANA);
  write(PLATFORM_PLAN, platformPlan([D, P, N, N, P, N], ['20%', '10%', '25%', '0%', '30%', '0%']));
  commit('Platform check-in', dates('2026-10-15T09:00:00Z'), BO);
  write(PLATFORM_PLAN, platformPlan([D, D, P, N, P, N], ['40%', '35%', '45%', '10%', '40%', '50%']));
  commit('Platform check-in', dates('2026-10-29T09:00:00Z'), ANA);
  write(PLATFORM_PLAN, platformPlan([D, D, D, P, D, N], ['55%', '50%', '60%', '20%', '70%', '50%']));
  commit('Platform check-in', dates('2026-11-12T09:00:00Z'), BO);
  write(PLATFORM_PLAN, platformPlan([D, D, D, P, D, D], ['70%', '60%', '80%', '30%', '80%', '100%']));
  commit('Platform check-in', dates('2026-11-26T09:00:00Z'), ANA);
  write('xss-OKR-Plan.md', xss);
  commit('Hostile check-in', dates('2026-11-27T09:00:00Z'), HOSTILE_AUTHOR);
}
