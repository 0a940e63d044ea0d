/**
 * LXD's architecture names and the other names it accepts for each (LXD and Incus
 * `shared/osarch`): simplestreams products use Debian's names (`amd64`, `arm64`), the API and
 * `environment.architectures` the kernel's (`x86_64`, `aarch64`).
 */
const ARCHITECTURES: Record<string, string[]> = {
  i686: ['i386', 'i586', '386', 'x86', 'generic_32'],
  x86_64: ['amd64', 'generic_64'],
  armv6l: ['armel', 'arm'],
  armv7l: ['armhf', 'armhfp', 'armv7a_hardfp', 'armv7', 'armv7a_vfpv3_hardfp'],
  armv8l: [],
  aarch64: ['arm64', 'arm64_generic'],
  ppc: ['powerpc'],
  ppc64: ['powerpc64'],
  ppc64le: ['ppc64el'],
  s390x: [],
  mips: ['mipsel', 'mipsle'],
  mips64: ['mips64el', 'mips64le'],
  riscv32: [],
  riscv64: [],
  loongarch64: ['loong64'],
};

const BY_NAME = new Map<string, string>(
  Object.entries(ARCHITECTURES).flatMap(([name, aliases]) => [name, ...aliases].map((n): [string, string] => [n, name])),
);

/** LXD's name for an architecture (`amd64` → `x86_64`), or undefined for one LXD does not know. */
export function architectureName(name: string): string | undefined {
  return BY_NAME.get(name);
}
