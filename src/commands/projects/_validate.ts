/** Why a name cannot become a project, in the words LXD and Incus use, or undefined. */
export function projectNameProblem(name: string, existing: Iterable<string>): string | undefined {
  if (!name) {
    return 'A project name is required.';
  }
  const rules: [boolean, string][] = [
    [name.includes('/'), 'Project names may not contain slashes.'],
    [/\s/.test(name), 'Project names may not contain spaces.'],
    [name.includes('_'), 'Project names may not contain underscores.'],
    [/['"]/.test(name), 'Project names may not contain quotes.'],
    [name === '*', '"*" is reserved (it means all projects).'],
    [name === '.' || name === '..', `"${name}" is not a valid project name.`],
  ];
  const broken = rules.find(([bad]) => bad);
  if (broken) {
    return broken[1];
  }
  if (new Set(existing).has(name)) {
    return `A project named "${name}" already exists.`;
  }
  return undefined;
}

/** The `features.*` a project can own instead of sharing the default project's. */
export interface ProjectFeature {
  key: string;
  label: string;
  detail: string;
  /** On for a new project unless the user says otherwise (as in LXD-UI). */
  byDefault: boolean;
  /** The API extension the server needs for it, if any. */
  extension?: string;
}

export const PROJECT_FEATURES: ProjectFeature[] = [
  { key: 'features.images', label: 'Images', detail: 'its own images and aliases', byDefault: true },
  { key: 'features.profiles', label: 'Profiles', detail: 'its own profiles (starting with an empty "default")', byDefault: true },
  { key: 'features.storage.volumes', label: 'Storage volumes', detail: 'its own custom volumes', byDefault: true },
  {
    key: 'features.storage.buckets',
    label: 'Storage buckets',
    detail: 'its own storage buckets',
    byDefault: true,
    extension: 'storage_buckets',
  },
  {
    key: 'features.networks',
    label: 'Networks',
    detail: "its own networks (otherwise it uses the default project's)",
    byDefault: false,
    extension: 'projects_networks',
  },
  {
    key: 'features.networks.zones',
    label: 'Network zones',
    detail: 'its own DNS zones',
    byDefault: false,
    extension: 'projects_networks_zones',
  },
];

/** The config of a new project: every offered feature, `true` when chosen, `false` otherwise. */
export function featureConfig(offered: ProjectFeature[], chosen: Iterable<string>): Record<string, string> {
  const on = new Set(chosen);
  return Object.fromEntries(offered.map((f) => [f.key, on.has(f.key) ? 'true' : 'false']));
}
