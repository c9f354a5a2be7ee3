/**
 * `okr.newPlan`: creates `<period>-OKR-Plan.md` from the extension's own
 * plan snippet, so that a new plan starts in the shape the server reads.
 */
import * as vscode from 'vscode';

/** The snippets a new plan can start from, by their name in snippets/okr.json. */
const TEMPLATES = { team: 'New team plan', company: 'New company OKR tree' } as const;

/** Options the command can be given instead of asking (from the welcome view or a script). */
export interface NewPlanOptions {
  period?: string;
  kind?: keyof typeof TEMPLATES;
  folder?: vscode.Uri;
}

/** The next few quarters, as handbooks name them, for the period picker. */
export function upcomingPeriods(today: Date, count = 4): string[] {
  const periods: string[] = [];
  let year = today.getFullYear();
  let quarter = Math.floor(today.getMonth() / 3) + 1;
  for (let i = 0; i < count; i++) {
    periods.push(`${year}-Q${quarter}`);
    quarter += 1;
    if (quarter > 4) {
      quarter = 1;
      year += 1;
    }
  }
  return periods;
}

/** A period is safe in a file name and a heading: letters, digits, dashes, dots and underscores. */
export function isValidPeriod(period: string): boolean {
  return /^[\w.-]{1,40}$/.test(period);
}

async function snippetBody(extensionUri: vscode.Uri, name: string): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'snippets', 'okr.json'));
  const snippets = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, { body: string[] }>;
  return snippets[name].body.join('\n');
}

async function askPeriod(): Promise<string | undefined> {
  const other = 'Another period…';
  const picked = await vscode.window.showQuickPick([...upcomingPeriods(new Date()), other], { title: 'New OKR plan: period' });
  if (picked !== other) return picked;
  return vscode.window.showInputBox({
    title: 'New OKR plan: period',
    placeHolder: 'FY27Q1',
    validateInput: (value) => (isValidPeriod(value) ? undefined : 'Use letters, digits, dashes and dots, e.g. FY27Q1 or 2027-Q1.'),
  });
}

/** Command handler: asks for what it was not given, creates the file and fills it from the snippet. */
export function newPlanCommand(extensionUri: vscode.Uri) {
  return async (options: NewPlanOptions = {}): Promise<vscode.Uri | undefined> => {
    const folder = options.folder ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!folder) {
      void vscode.window.showErrorMessage('Open a handbook folder first: a new plan is created in it.');
      return undefined;
    }
    const period = options.period ?? await askPeriod();
    if (!period) return undefined;
    if (!isValidPeriod(period)) {
      void vscode.window.showErrorMessage(`"${period}" is not a period name such as 2027-Q1.`);
      return undefined;
    }
    const kinds: (vscode.QuickPickItem & { template: keyof typeof TEMPLATES })[] = [
      { label: 'Team plan', description: 'Objective, key results, status table, task details', template: 'team' },
      { label: 'Company OKR tree', description: 'Owned objectives nested by department', template: 'company' },
    ];
    const kind = options.kind ?? (await vscode.window.showQuickPick(kinds, { title: 'New OKR plan: kind' }))?.template;
    if (!kind) return undefined;
    const uri = vscode.Uri.joinPath(folder, `${period}-OKR-Plan.md`);
    try {
      await vscode.workspace.fs.stat(uri);
      void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(uri)} already exists; opened it instead.`);
      await vscode.window.showTextDocument(uri);
      return uri;
    } catch {
      // No such file yet: create it below.
    }
    await vscode.workspace.fs.writeFile(uri, new Uint8Array());
    const editor = await vscode.window.showTextDocument(uri);
    const body = (await snippetBody(extensionUri, TEMPLATES[kind])).replace(/\$\{1:[^}]*\}/g, period);
    await editor.insertSnippet(new vscode.SnippetString(body));
    return uri;
  };
}
