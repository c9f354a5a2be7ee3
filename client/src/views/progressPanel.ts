/**
 * The progress page of the active plan. The page is a webview with a strict
 * CSP: one nonce'd script from the extension's media folder, data sent by
 * postMessage and rendered as text, and every message it sends back checked
 * before it moves the editor.
 */
import * as vscode from 'vscode';
import type { PlanSource } from '../planSource';
import { planProblems } from '../planProblems';
import { validatePanelMessage } from './panelMessages';
import { buildProgressModel, type ProgressModel } from './progressModel';

/** The one progress panel; follows the active plan and updates as the author types. */
export class ProgressPanel implements vscode.Disposable {
  static readonly viewType = 'okr.progress';
  private panel: vscode.WebviewPanel | undefined;
  private planUri: vscode.Uri | undefined;
  private knownUris = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly plans: PlanSource) {
    this.subscriptions = [
      plans.onDidChange(() => this.scheduleUpdate()),
      vscode.languages.onDidChangeDiagnostics(({ uris }) => {
        if (uris.some((uri) => uri.toString() === this.planUri?.toString())) this.scheduleUpdate();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && editor?.document.languageId === 'markdown') {
          this.planUri = editor.document.uri;
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
    const message = validatePanelMessage(raw, this.knownUris);
    if (!message) return;
    if (message.type === 'ready') return this.scheduleUpdate();
    void this.reveal(vscode.Uri.parse(message.uri), message.line);
  }

  private async reveal(uri: vscode.Uri, line: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    const position = document.validatePosition(new vscode.Position(line - 1, 0));
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
  }

  /** Coalesces the bursts of change events one keystroke causes into one update. */
  private scheduleUpdate(): void {
    if (!this.panel) return;
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.update(), 50);
  }

  private async update(): Promise<void> {
    const panel = this.panel;
    if (!panel || !panel.visible) return;
    const model = await this.model();
    this.knownUris = new Set([model.plan?.uri, ...model.workspace.map((plan) => plan.uri)].filter((uri): uri is string => !!uri));
    panel.title = model.plan ? `OKR Progress: ${model.plan.title}` : 'OKR Progress';
    void panel.webview.postMessage({ type: 'update', model });
  }

  /** The page's data for the current plan. */
  async model(): Promise<ProgressModel> {
    const uri = this.planUri;
    const [plan, workspace] = await Promise.all([uri ? this.plans.plan(uri) : null, this.plans.workspace()]);
    return buildProgressModel(uri?.toString() ?? '', plan, uri ? planProblems(uri) : [], workspace);
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
