/**
 * The progress page of the active plan. The page is a webview with a strict
 * CSP: one nonce'd script from the extension's media folder, data sent by
 * postMessage and rendered as text, and every message it sends back checked
 * before it moves the editor.
 */
import * as vscode from 'vscode';
import type { PlanHistoryResult } from '../../../server/src/protocol';
import { openCheckIn } from '../git/checkInDiff';
import { FOLLOW_TYPING_MS, planUriOf, type PlanSource } from '../planSource';
import { planProblems } from '../planProblems';
import { validatePanelMessage } from './panelMessages';
import { buildProgressModel, historyView, type ProgressModel } from './progressModel';

/** The one progress panel; follows the active plan and updates as the author types. */
export class ProgressPanel implements vscode.Disposable {
  static readonly viewType = 'okr.progress';
  private panel: vscode.WebviewPanel | undefined;
  private planUri: vscode.Uri | undefined;
  private knownUris = new Set<string>();
  /** The history the page shows, whose check-ins it may ask to open. */
  private history: PlanHistoryResult | null = null;
  private readonly subscriptions: vscode.Disposable[];
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** The last model the page was sent, as JSON: a keystroke that changes nothing the page shows costs it nothing. */
  private shown = '';

  constructor(private readonly extensionUri: vscode.Uri, private readonly plans: PlanSource) {
    this.subscriptions = [
      plans.onDidChange(() => this.scheduleUpdate()),
      vscode.languages.onDidChangeDiagnostics(({ uris }) => {
        if (uris.some((uri) => uri.toString() === this.planUri?.toString())) this.scheduleUpdate();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleUpdate()),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const uri = planUriOf(editor);
        if (this.panel && uri) {
          this.planUri = uri;
          this.scheduleUpdate();
        }
      }),
    ];
  }

  /** Opens the page (or brings it forward) for a plan, by default the active editor's. */
  show(uri?: vscode.Uri): void {
    const active = vscode.window.activeTextEditor?.document;
    this.planUri = uri ?? (active?.languageId === 'markdown' ? active.uri : this.planUri);
    if (this.panel) {
      this.panel.reveal(undefined, true);
    } else {
      this.panel = this.createPanel();
    }
    this.scheduleUpdate();
  }

  private createPanel(): vscode.WebviewPanel {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(ProgressPanel.viewType, 'OKR Progress', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [media],
    });
    panel.iconPath = vscode.Uri.joinPath(media, 'okr.svg');
    panel.webview.html = this.html(panel.webview, media);
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    panel.onDidChangeViewState(({ webviewPanel }) => {
      if (webviewPanel.visible) this.scheduleUpdate();
    });
    panel.onDidDispose(() => {
      this.panel = undefined;
    });
    return panel;
  }

  private html(webview: vscode.Webview, media: vscode.Uri): string {
    const nonce = newNonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'webview', 'progress.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'progress.css'));
    // The chart library's stylesheet, bundled next to the script.
    const chartStyle = webview.asWebviewUri(vscode.Uri.joinPath(media, 'webview', 'progress.css'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${chartStyle}">
<link rel="stylesheet" nonce="${nonce}" href="${style}">
<title>OKR Progress</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  private receive(raw: unknown): void {
    const message = validatePanelMessage(raw, this.knownUris, new Set(this.history?.checkIns.map((checkIn) => checkIn.commit)));
    if (!message) return;
    if (message.type === 'ready') {
      // A page that (re)loads shows nothing yet.
      this.shown = '';
      return this.scheduleUpdate();
    }
    if (message.type === 'checkIn') return void vscode.commands.executeCommand('okr.checkIn', vscode.Uri.parse(message.uri));
    if (message.type === 'openCheckIn') return void this.openCheckIn(message.commit);
    void this.reveal(vscode.Uri.parse(message.uri), message.line);
  }

  private async reveal(uri: vscode.Uri, line: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    const position = document.validatePosition(new vscode.Position(line - 1, 0));
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
  }

  private async openCheckIn(commit: string): Promise<void> {
    const checkIn = this.history?.checkIns.find((candidate) => candidate.commit === commit);
    if (this.history?.root && checkIn) await openCheckIn(this.history.root, checkIn);
  }

  /**
   * Coalesces the change events of a burst of typing into one update, once
   * the typing pauses: redrawing the page of a large plan on every keystroke
   * would compete with the editor for the browser's main thread.
   */
  private scheduleUpdate(): void {
    if (!this.panel) return;
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.update(), FOLLOW_TYPING_MS);
  }

  private async update(): Promise<void> {
    const panel = this.panel;
    if (!panel || !panel.visible) return;
    const uri = this.planUri;
    const post = async (): Promise<void> => {
      const model = await this.model();
      this.knownUris = new Set([model.plan?.uri, ...model.workspace.map((plan) => plan.uri)].filter((known): known is string => !!known));
      panel.title = model.plan ? `OKR Progress: ${model.plan.title}` : 'OKR Progress';
      const json = JSON.stringify(model);
      if (json === this.shown) return;
      this.shown = json;
      void panel.webview.postMessage({ type: 'update', model });
    };
    await post();
    // The page shows at once; the history follows when git has been read.
    if (uri && vscode.workspace.isTrusted && this.plans.settledHistory(uri) === undefined && (await this.plans.plan(uri))) {
      await this.plans.history(uri);
      if (this.panel === panel && this.planUri === uri) await post();
    }
  }

  /** The page's data for the current plan, with as much of its history as has been read. */
  async model(): Promise<ProgressModel> {
    const uri = this.planUri;
    const [plan, workspace] = await Promise.all([uri ? this.plans.plan(uri) : null, this.plans.workspace()]);
    const trusted = vscode.workspace.isTrusted;
    // Nothing asks for a history in Restricted Mode.
    let history: PlanHistoryResult | null | undefined = null;
    if (uri && plan && trusted) {
      history = this.plans.settledHistory(uri);
      if (history === undefined) {
        void this.plans.history(uri);
        // While it is read again, the page keeps showing the history it had for this plan.
        if (this.history?.uri === uri.toString()) history = this.history;
      }
    }
    this.history = history ?? null;
    return buildProgressModel(uri?.toString() ?? '', plan, uri ? planProblems(uri) : [], workspace, historyView(history, trusted, new Date()));
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** A fresh nonce for the page's CSP: 16 random bytes in base64, from Web Crypto, which both extension hosts have. */
function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
