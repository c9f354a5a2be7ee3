/**
 * One step of a multi-step quick input: a pick or a text box that shows its
 * step ("2/7"), offers Back from the second step on, and resolves to the
 * answer, to `back`, to an extra button pressed (with the answer so far), or
 * to undefined on Escape.
 */
import * as vscode from 'vscode';

/** What a step resolved to. */
export type StepResult<T> = { kind: 'value'; value: T } | { kind: 'back' } | { kind: 'button'; button: vscode.QuickInputButton; value: T | undefined } | undefined;

/** Where a step stands in the walk. */
export interface StepPosition {
  title: string;
  step: number;
  totalSteps: number;
}

/** Runs one quick input until it is answered, stepped back from, or dismissed. */
function run<T, Q extends vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox>(
  input: Q,
  position: StepPosition,
  extraButtons: readonly vscode.QuickInputButton[],
  accepted: (input: Q) => T | undefined,
): Promise<StepResult<T>> {
  input.title = position.title;
  input.step = position.step;
  input.totalSteps = position.totalSteps;
  input.ignoreFocusOut = true;
  input.buttons = [...(position.step > 1 ? [vscode.QuickInputButtons.Back] : []), ...extraButtons];
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: StepResult<T>): void => {
      if (settled) return;
      settled = true;
      resolve(result);
      input.dispose();
    };
    input.onDidAccept(() => {
      const value = accepted(input);
      if (value !== undefined) finish({ kind: 'value', value });
    });
    input.onDidTriggerButton((button) => finish(button === vscode.QuickInputButtons.Back ? { kind: 'back' } : { kind: 'button', button, value: accepted(input) }));
    input.onDidHide(() => finish(undefined));
    input.show();
  });
}

/** A text step; `value` is prefilled, so Enter keeps it. */
export function inputStep(position: StepPosition, options: { prompt: string; value: string; placeholder?: string; buttons?: vscode.QuickInputButton[] }): Promise<StepResult<string>> {
  const box = vscode.window.createInputBox();
  box.prompt = options.prompt;
  box.value = options.value;
  box.placeholder = options.placeholder;
  return run(box, position, options.buttons ?? [], (input) => input.value);
}

/** A pick step; the item `active` is selected, so Enter keeps it. */
export function pickStep<I extends vscode.QuickPickItem>(position: StepPosition, options: { placeholder: string; items: I[]; active?: I }): Promise<StepResult<I>> {
  const pick = vscode.window.createQuickPick<I>();
  pick.placeholder = options.placeholder;
  pick.items = options.items;
  pick.matchOnDescription = true;
  if (options.active) pick.activeItems = [options.active];
  return run(pick as unknown as vscode.QuickPick<vscode.QuickPickItem>, position, [], (input) => (input as unknown as vscode.QuickPick<I>).activeItems[0]);
}
