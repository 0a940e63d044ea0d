import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Wiring lands with the explorer (views, commands, connections).
}

export function deactivate(): void {}
