import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from '../../src/client';
import { cliEnv } from './cli';
import { Target, testbed } from './testbed';

const execFileAsync = promisify(execFile);

/**
 * Creates a project of its own for a suite or a benchmark, once: its own images, profiles and
 * volumes, a default profile with a root disk on the test bed's pool and no NIC.
 */
export async function ensureProject(target: Target, project: string, description: string): Promise<void> {
  const root = Client.unix(target.socket);
  try {
    const projects = await root.projects.list();
    if (!projects.some((p) => p.name === project)) {
      await root.projects.create({
        name: project,
        description,
        config: { 'features.images': 'true', 'features.profiles': 'true', 'features.storage.volumes': 'true' },
      });
      await root
        .withProject(project)
        .profiles.update('default', { description, config: {}, devices: { root: { type: 'disk', path: '/', pool: target.pool } } });
    }
  } finally {
    await root.close();
  }
}

/** Such a project has its own images: imports the test image there once, from the test bed's tarballs; returns its fingerprint. */
export async function projectImage(target: Target, client: Client, project: string): Promise<string> {
  const dir = testbed().imageDir;
  const existing = (await client.images.list()).find((i) => i.properties?.os === 'busybox');
  if (existing?.fingerprint) {
    return existing.fingerprint;
  }
  await execFileAsync(target.cli, ['image', 'import', `${dir}/metadata.tar.gz`, `${dir}/rootfs.tar.gz`, '--project', project], {
    env: cliEnv(target),
  });
  const imported = (await client.images.list()).find((i) => i.properties?.os === 'busybox');
  if (!imported?.fingerprint) {
    throw new Error(`The test image did not appear in project ${project}`);
  }
  return imported.fingerprint;
}
