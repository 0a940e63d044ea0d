import { createHash } from 'node:crypto';
import { ApiError } from '../client';
import { ResourceAddress, checkAddress } from './address';
import { ApiSource, EditableKind } from './kinds';
import { fromYaml, toYaml } from './yamlModel';

/**
 * Reading and saving a configuration, without VS Code: what the `lxd-config:` file system does on
 * a save, and what the tests drive against the real daemons. A save applies the user's text only
 * if the object is still the version that text started from: through the server's ETag (If-Match)
 * where it sends one, and otherwise by comparing the object's writable fields right before the PUT.
 */

/** One version of an object as the server had it. */
export interface ConfigVersion {
  value: Record<string, unknown>;
  /** The server's ETag, when it sends one (LXD 5.0.2 sends none for storage pools). */
  etag?: string;
  /** Tells versions apart: the ETag, or where there is none a digest of the writable fields. */
  tag: string;
}

/** The user's text is not a configuration: nothing was sent. */
export class ConfigInputError extends Error {}

/** The object changed on the server since the version the user's text started from: nothing was applied. */
export class ConfigConflictError extends Error {}

/** The server refused the configuration: nothing was applied. */
export class ConfigRefusedError extends Error {}

export async function readConfig(kind: EditableKind, source: ApiSource, a: ResourceAddress): Promise<ConfigVersion> {
  checkAddress(a);
  const { value, etag } = await kind.read(source, a);
  return { value, etag, tag: etag ? `etag:${etag}` : `fields:${digest(kind, value)}` };
}

export interface SaveRequest {
  kind: EditableKind;
  source: ApiSource;
  address: ResourceAddress;
  /** The user's YAML. */
  text: string;
  /** The version the user's text started from (read into the editor, compared, or saved). */
  base: Pick<ConfigVersion, 'tag' | 'etag'> | undefined;
  /** `LXD` or `Incus`, for messages. */
  product: string;
}

/**
 * Applies the user's text if the object is still at `base`. Without an ETag the check is a read
 * and a comparison before the PUT: a change landing between the two is not caught (the header
 * says so). Throws one of the errors above; in every case nothing of the text was applied.
 */
export async function saveConfig(r: SaveRequest): Promise<void> {
  const { kind, source, address: a } = r;
  let value: Record<string, unknown>;
  try {
    checkAddress(a);
    value = fromYaml(r.text, kind.schema);
  } catch (e) {
    throw new ConfigInputError(`${sentence((e as Error).message)} Nothing was applied.`);
  }
  if (!r.base) {
    // An editor restored with unsaved text after a restart: nothing tells which version it started from.
    throw new ConfigConflictError(
      `It is not known which version of ${kind.noun} "${a.name}" your text started from (it was restored after a restart), so it was not applied. ` +
        `Use "LXD: Compare with Server Version" to merge, then save again.`,
    );
  }
  let etag = r.base.etag;
  if (!etag) {
    const now = await readConfig(kind, source, a);
    if (now.tag !== r.base.tag) {
      throw conflict(kind, a);
    }
    etag = now.etag;
  }
  try {
    await kind.write(source, a, value, etag);
  } catch (e) {
    if (e instanceof ApiError && e.isConflict) {
      throw conflict(kind, a);
    }
    if (e instanceof ApiError) {
      throw new ConfigRefusedError(
        `${r.product} refused the configuration of ${kind.noun} "${a.name}": ${sentence(e.message)} Nothing was applied.`,
      );
    }
    throw e;
  }
}

/** What protects a save, as the editor's header says it. */
export function protectionNote(kind: EditableKind, version: ConfigVersion, product: string): string[] {
  if (version.etag) {
    return [
      'Save to apply it. It is applied only if nobody changed it since it was opened',
      `(or since you last compared or saved it): ${product} checks the version (ETag) your text started from.`,
    ];
  }
  return [
    `Save to apply it. ${product} sends no version tag (ETag) for this ${kind.noun}, so before applying`,
    'your text the extension reads it again and goes on only if it is still the version your text',
    'started from. A change made elsewhere in the moment between that check and the save is not caught.',
  ];
}

function conflict(kind: EditableKind, a: ResourceAddress): ConfigConflictError {
  return new ConfigConflictError(
    `The ${kind.noun} "${a.name}" was changed on the server after you opened it, so your version was not applied. ` +
      `Use "LXD: Compare with Server Version" to merge, then save again.`,
  );
}

/** The writable fields, rendered as the editor shows them (keys sorted), hashed. */
function digest(kind: EditableKind, value: Record<string, unknown>): string {
  return createHash('sha256')
    .update(toYaml([], kind.schema, value))
    .digest('hex');
}

/** Ends a message with a full stop, so that another sentence can follow it. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
