import type { Manifest } from './helm.ts';

/** A kubernetes-models class: construct with the object, `validate()` throws when it is invalid. */
type Model = new (data: object) => { validate(): void };

/**
 * Validates `manifest` against the Kubernetes API schema of its `apiVersion` and `kind` with
 * kubernetes-models (offline; its JSON-schema validators are generated from the Kubernetes
 * OpenAPI spec): required fields, types, enums, integer and quantity formats. It does not
 * refuse unknown fields, which the chart tests cover by asserting the fields they rely on.
 * @throws Error naming the object and the schema violation, or an apiVersion/kind that
 *   kubernetes-models does not know (a typo, or an API removed from Kubernetes).
 */
export async function validateManifest(manifest: Manifest): Promise<void> {
  const label = `${manifest.kind}/${manifest.metadata?.name} (${manifest.apiVersion})`;
  let models: Record<string, unknown>;
  try {
    models = (await import(`kubernetes-models/${manifest.apiVersion}`)) as Record<string, unknown>;
  } catch {
    throw new Error(`${label}: kubernetes-models has no API ${manifest.apiVersion}`);
  }
  const model = models[manifest.kind] as Model | undefined;
  if (typeof model !== 'function')
    throw new Error(`${label}: kubernetes-models has no kind ${manifest.kind}`);
  try {
    new model(manifest).validate();
  } catch (error) {
    throw new Error(`${label}: ${(error as Error).message}`);
  }
}
