import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { SendNoticeInputSchema } from './activities';
import { WorkflowFacingSchemas } from './workflow.schema';

/** Every string in a schema that reaches Temporal must be constrained: a format, an enum or a pattern. */
function freeTextPaths(schema: unknown, path = '#'): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const found: string[] = [];
  if (node.type === 'string' && !node.format && !node.enum && !node.pattern && node.const === undefined)
    found.push(path);
  for (const [key, value] of Object.entries(node)) {
    if (Array.isArray(value)) value.forEach((v, i) => found.push(...freeTextPaths(v, `${path}/${key}/${i}`)));
    else if (value && typeof value === 'object') found.push(...freeTextPaths(value, `${path}/${key}`));
  }
  return found;
}

describe('workflow-facing contracts', () => {
  const schemas = { ...WorkflowFacingSchemas, SendNoticeInput: SendNoticeInputSchema };

  it.each(Object.entries(schemas))(
    '%s holds no free-text string (no room for narrative)',
    (_name, schema) => {
      expect(freeTextPaths(z.toJSONSchema(schema, { io: 'input' }))).toEqual([]);
    },
  );

  it('the checker itself finds an unconstrained string', () => {
    expect(freeTextPaths(z.toJSONSchema(z.object({ summary: z.string() })))).toEqual([
      '#/properties/summary',
    ]);
  });
});
