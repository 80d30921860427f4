import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** infra/ (the compose file's directory: its relative paths start here). */
export const INFRA_DIR = resolve(fileURLToPath(import.meta.url), '../..');
/** The repository root. */
export const REPO_DIR = resolve(INFRA_DIR, '..');

/** A compose service, as far as the tests read it. */
export interface ComposeService {
  readonly image?: string;
  readonly build?: { context: string; dockerfile?: string };
  readonly command?: string[];
  readonly entrypoint?: string[];
  readonly profiles?: string[];
  readonly environment?: Record<string, string>;
  readonly ports?: string[];
  readonly volumes?: string[];
  readonly depends_on?: Record<string, { condition: string }> | string[];
  readonly healthcheck?: { disable?: boolean; test?: string[] };
}

/** A parsed compose file. */
export interface ComposeFile {
  readonly name: string;
  readonly services: Record<string, ComposeService>;
  readonly volumes?: Record<string, unknown>;
}

/** Reads a YAML file of infra/ (`<<` merge keys resolved, as compose resolves them). */
export const readInfraYaml = <T>(path: string): T =>
  parse(readFileSync(resolve(INFRA_DIR, path), 'utf8'), { merge: true }) as T;

/** infra/docker-compose.yml, parsed. */
export const readCompose = (): ComposeFile => readInfraYaml<ComposeFile>('docker-compose.yml');

/** The host paths of a service's bind mounts (`./x:/y[:ro]`), resolved from infra/. */
export const bindMounts = (service: ComposeService) =>
  (service.volumes ?? [])
    .filter((volume) => volume.startsWith('.'))
    .map((volume) => {
      const [source, target] = volume.split(':');
      return { source: resolve(INFRA_DIR, source!), target: target! };
    });
