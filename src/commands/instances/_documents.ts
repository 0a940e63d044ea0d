import * as vscode from 'vscode';
import type { Instance } from '../../generated';
import { infoUri } from '../../editors/infoDocs';
import { Target } from '../targets';

/** Opens one of an instance's read-only documents (`details`) as `language`. */
export async function openInstanceDocument(ref: Target<Instance>, view: string, language: string): Promise<void> {
  const uri = infoUri({ connectionId: ref.connection.id, project: ref.project, kind: 'instance', name: ref.name, view });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, language);
  await vscode.window.showTextDocument(doc, { preview: true });
}
